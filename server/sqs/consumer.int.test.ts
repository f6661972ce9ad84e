import { CloudWatchLogsClient, type PutLogEventsCommandInput } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogEvent } from '@/lib/events';
import { awsError, messages, readGroup, recordCalls } from '../test-support/cloudwatch';
import { createTables } from '../test-support/lambda';
import { startMoto, uniqueName, type RunningMoto } from '../test-support/moto';
import { CloudWatchWriter } from '../store/cloudwatch/writer';
import { consumeBatch, type ConsumerDeps } from './consumer';
import { DedupeStore } from './dedupe';

/** consumeBatch with a real CloudWatch writer and dedupe table on moto; one stream made to fail in the SDK's middleware. */
let moto: RunningMoto;
let logs: CloudWatchLogsClient;
let dedupe: DedupeStore;

beforeAll(async () => {
  moto = await startMoto();
  logs = new CloudWatchLogsClient(moto.client);
  const dynamo = new DynamoDBClient(moto.client);
  dedupe = new DedupeStore(dynamo, (await createTables(dynamo)).dedupeTable);
});
afterAll(async () => moto?.stop());

function deps(prefix: string, extra: Partial<ConsumerDeps> = {}): ConsumerDeps {
  const client = new CloudWatchLogsClient(moto.client);
  recordCalls<PutLogEventsCommandInput>(client, 'PutLogEvents', (input) => (input.logStreamName === 'broken' ? awsError('ServiceUnavailableException', 'CloudWatch is down', 503) : undefined));
  return { writer: new CloudWatchWriter(client, { prefix, retentionDays: 30, retry: { attempts: 2, baseMs: 1, capMs: 2 } }), dedupe, leaseMs: 60_000, log: () => undefined, ...extra };
}

const message = (id: string, envelope: unknown) => ({ messageId: id, body: JSON.stringify(envelope) });

describe('consumeBatch', () => {
  it('retries only the message whose write failed, gives its claim back, and stores the rest of the batch', async () => {
    const prefix = `/${uniqueName('c')}/`;
    const ids = [uniqueName('m'), uniqueName('m'), uniqueName('m')];
    const batch = [
      message(ids[0], { v: 1, defaultSource: 'api', events: [{ n: 1 }] }),
      message(ids[1], { v: 1, defaultSource: 'api', stream: 'broken', events: [{ n: 2 }] }),
      message(ids[2], { v: 1, defaultSource: 'api', events: [{ n: 3 }, ['not an event']], lines: ['{"n":4}', '{broken'] }),
    ];
    const result = await consumeBatch(batch, deps(prefix));
    expect(result.failedMessageIds).toEqual([ids[1]]);
    expect(result.stats).toMatchObject({ messages: 3, stored: 2, failed: 1, events: 3, invalidEvents: 2, calls: 1 });
    expect(messages(await readGroup(logs, `${prefix}api`)).map((m) => m.n)).toEqual([1, 3, 4]);
    // the failed message can be taken again at once; the stored ones are done
    expect(await dedupe.claim(ids[1], 1000)).toMatchObject({ state: 'claimed' });
    expect(await dedupe.claim(ids[0], 1000)).toEqual({ state: 'done' });
  });

  it('runs the ingest stages (a guard that drops events) and awaits the after-store sinks with what was stored', async () => {
    const prefix = `/${uniqueName('c')}/`;
    const seen: LogEvent[][] = [];
    const result = await consumeBatch([message(uniqueName('m'), { v: 1, defaultSource: 'web', events: [{ keep: true, n: 1 }, { keep: false, n: 2 }, { keep: true, n: 3 }] })], {
      ...deps(prefix),
      stages: { guard: (events) => events.filter((e) => e.fields.keep === true) },
      afterStore: [
        async (events) => {
          await new Promise((r) => setTimeout(r, 20));
          seen.push([...events]);
        },
        async () => {
          throw new Error('the fan-out is down');
        },
      ],
    });
    expect(result.failedMessageIds).toEqual([]);
    expect(result.stats).toMatchObject({ events: 2, sinkErrors: 1 });
    expect(seen.map((batch) => batch.map((e) => e.fields.n))).toEqual([[1, 3]]);
    expect(messages(await readGroup(logs, `${prefix}web`)).map((m) => m.n)).toEqual([1, 3]);
  });

  it('without a dedupe table still stores, and says so by writing a redelivery again', async () => {
    const prefix = `/${uniqueName('c')}/`;
    const m = message(uniqueName('m'), { v: 1, defaultSource: 'api', events: [{ n: 1 }] });
    await consumeBatch([m], deps(prefix, { dedupe: null }));
    await consumeBatch([m], deps(prefix, { dedupe: null }));
    expect(await readGroup(logs, `${prefix}api`)).toHaveLength(2);
  });
});
