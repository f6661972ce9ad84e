import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  type PutLogEventsCommandInput,
} from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toLogEvent, type LogEvent } from '@/lib/events';
import { awsError, messages, readGroup, recordCalls } from '../../test-support/cloudwatch';
import { startMoto, uniqueName, type RunningMoto } from '../../test-support/moto';
import { PUT_LOG_EVENTS } from './batches';
import { CloudWatchWriter } from './writer';

const HOUR = 3_600_000;
const FAST_RETRY = { attempts: 4, baseMs: 1, capMs: 5 };
let moto: RunningMoto;
let logs: CloudWatchLogsClient;

beforeAll(async () => {
  moto = await startMoto();
  logs = new CloudWatchLogsClient(moto.client);
});
afterAll(async () => moto?.stop());

function event(raw: Record<string, unknown>, receivedAt = Date.now()): LogEvent {
  const r = toLogEvent(raw, { receivedAt });
  if (!r.ok) throw new Error(r.error);
  return r.event;
}

function writer(prefix: string, client = logs, retentionDays = 30): CloudWatchWriter {
  return new CloudWatchWriter(client, { prefix, retentionDays, retry: FAST_RETRY });
}

describe('CloudWatchWriter against moto', () => {
  it('writes one group per source, with retention, streams on demand, messages as flattened JSON', async () => {
    const prefix = `/${uniqueName('t')}/`;
    const now = Date.now();
    const report = await writer(prefix).append([
      event({ source: 'api', stream: 'i-1', level: 'ERROR', userId: 42, items: [{ id: 'a' }], timestamp: now - 2000, message: 'payment failed' }),
      event({ source: 'api', stream: 'i-2', level: 'info', timestamp: now - 1000 }),
      event({ source: 'web', level: 'warn', session_id: 's-1', timestamp: now }),
    ]);
    expect(report).toMatchObject({ written: 3, calls: 3, failed: [], retimed: 0, refused: { tooOld: 0, tooNew: 0, expired: 0, tooLarge: 0 } });
    const groups = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: prefix }));
    expect(groups.logGroups?.map((g) => [g.logGroupName, g.retentionInDays])).toEqual([[`${prefix}api`, 30], [`${prefix}web`, 30]]);
    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: `${prefix}api` }));
    expect(streams.logStreams?.map((s) => s.logStreamName).sort()).toEqual(['i-1', 'i-2']);
    const api = await readGroup(logs, `${prefix}api`);
    expect(api.map((e) => e.timestamp)).toEqual([now - 2000, now - 1000]);
    expect(messages(api)[0]).toMatchObject({ level: 'error', 'user.id': '42', 'items.0.id': 'a', message: 'payment failed' });
    expect(messages(await readGroup(logs, `${prefix}web`))[0]).toMatchObject({ level: 'warn', 'session.id': 's-1' });
  });

  it('splits a batch over every PutLogEvents limit into calls that each respect them', async () => {
    const prefix = `/${uniqueName('t')}/`;
    const client = new CloudWatchLogsClient(moto.client);
    const calls = recordCalls<PutLogEventsCommandInput>(client, 'PutLogEvents');
    const now = Date.now();
    const events: LogEvent[] = [];
    // 23 000 small events, newest first (the writer must sort), in one stream …
    for (let i = 0; i < 23_000; i++) events.push(event({ source: 'api', stream: 'busy', n: i, timestamp: now - i }));
    // … 40 events of ~100 KB (a few calls' worth of bytes) …
    for (let i = 0; i < 40; i++) events.push(event({ source: 'api', stream: 'big', blob: 'é'.repeat(50_000), timestamp: now - i }));
    // … and 30 events spread over 3 days (more than one 24-hour span).
    for (let i = 0; i < 30; i++) events.push(event({ source: 'api', stream: 'span', n: i, timestamp: now - i * 2.4 * HOUR }));
    const report = await writer(prefix, client).append(events);
    expect(report.failed).toEqual([]);
    expect(report.written).toBe(events.length);

    for (const call of calls) {
      const logEvents = call.logEvents ?? [];
      const bytes = logEvents.reduce((n, e) => n + Buffer.byteLength(e.message ?? '', 'utf8') + 26, 0);
      expect(logEvents.length).toBeLessThanOrEqual(PUT_LOG_EVENTS.maxEvents);
      expect(bytes).toBeLessThanOrEqual(PUT_LOG_EVENTS.maxBatchBytes);
      const times = logEvents.map((e) => e.timestamp ?? 0);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(times.at(-1)! - times[0]).toBeLessThanOrEqual(PUT_LOG_EVENTS.maxSpanMs);
    }
    const byStream = (s: string) => calls.filter((c) => c.logStreamName === s).map((c) => c.logEvents?.length);
    expect(byStream('busy')).toEqual([10_000, 10_000, 3_000]);
    expect(byStream('big').length).toBeGreaterThanOrEqual(4); // 40 × ~100 KB does not fit in three calls
    expect(byStream('span').length).toBe(3); // 69.6 h of events need three 24-hour calls
    expect(report.calls).toBe(calls.length);

    const stored = await readGroup(logs, `${prefix}api`);
    expect(stored).toHaveLength(events.length);
    const busy = stored.filter((e) => e.logStreamName === 'busy').map((e) => (JSON.parse(e.message!) as { n: number }).n);
    expect(new Set(busy).size).toBe(23_000);
  });

  it('refuses and counts events older than CloudWatch keeps; moves events far ahead to their ingestion time', async () => {
    const prefix = `/${uniqueName('t')}/`;
    const now = Date.now();
    const report = await writer(prefix).append([
      event({ source: 'api', message: 'backfill', timestamp: now - 15 * 24 * HOUR }),
      event({ source: 'api', message: 'bad clock', timestamp: now + 5 * HOUR }, now - 100),
      event({ source: 'api', message: 'fine', timestamp: now - 50 }),
    ]);
    expect(report).toMatchObject({ written: 2, retimed: 1, refused: { tooOld: 1 } });
    const stored = await readGroup(logs, `${prefix}api`);
    expect(stored.map((e) => e.timestamp)).toEqual([now - 100, now - 50]);
    expect(messages(stored)[0]).toMatchObject({ message: 'bad clock', 'logline.originalTimestamp': now + 5 * HOUR });
  });

  it('keeps the retention of a group it did not create, and survives writers racing to create one stream', async () => {
    const prefix = `/${uniqueName('t')}/`;
    await logs.send(new CreateLogGroupCommand({ logGroupName: `${prefix}batch` }));
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: `${prefix}batch`, retentionInDays: 7 }));
    const racers = Array.from({ length: 4 }, () => writer(prefix));
    const reports = await Promise.all(racers.map((w, i) => w.append([event({ source: 'batch', stream: 'job-1', n: i })])));
    expect(reports.map((r) => r.written)).toEqual([1, 1, 1, 1]);
    const groups = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: prefix }));
    expect(groups.logGroups?.map((g) => g.retentionInDays)).toEqual([7]);
    expect(await readGroup(logs, `${prefix}batch`)).toHaveLength(4);
  });

  it('retries throttling with backoff, and reports the events of a call that keeps failing instead of throwing', async () => {
    const prefix = `/${uniqueName('t')}/`;
    const client = new CloudWatchLogsClient(moto.client);
    let throttled = 0;
    recordCalls<PutLogEventsCommandInput>(client, 'PutLogEvents', (input) => {
      if (input.logStreamName === 'broken') return awsError('InvalidParameterException', 'the stream is broken');
      if (throttled < 2) {
        throttled++;
        return awsError('ThrottlingException', 'Rate exceeded');
      }
      return undefined;
    });
    const ok = event({ source: 'api', stream: 'fine', message: 'ok' });
    const bad = event({ source: 'api', stream: 'broken', message: 'lost?' });
    const report = await writer(prefix, client).append([ok, bad]);
    expect(throttled).toBe(2);
    expect(report.written).toBe(1);
    expect(report.failed).toEqual([bad]);
    expect(report.errors.join('\n')).toMatch(/broken: InvalidParameterException: the stream is broken/);
  });

  it('recreates a stream deleted behind its cache', async () => {
    const prefix = `/${uniqueName('t')}/`;
    const w = writer(prefix);
    await w.append([event({ source: 'api', stream: 'gone', n: 1 })]);
    await moto.reset(); // every group and stream vanishes
    const report = await w.append([event({ source: 'api', stream: 'gone', n: 2 })]);
    expect(report).toMatchObject({ written: 1, failed: [] });
    expect(messages(await readGroup(logs, `${prefix}api`))).toMatchObject([{ n: 2 }]);
  });
});

/**
 * moto 5.2.1 reports `tooOldLogEventEndIndex` as the index of the last refused event, where AWS
 * documents an exclusive end index (moto/logs/models.py put_log_events), and never reports
 * `expiredLogEventEndIndex`; so the reading of `rejectedLogEventsInfo` is tested at the SDK
 * boundary, with AWS's semantics.
 */
describe('rejectedLogEventsInfo (SDK boundary)', () => {
  it('counts what CloudWatch refused and the rest as written', async () => {
    const cw = mockClient(CloudWatchLogsClient);
    try {
      cw.onAnyCommand().resolves({});
      cw.on(PutLogEventsCommand).resolves({ rejectedLogEventsInfo: { expiredLogEventEndIndex: 1, tooOldLogEventEndIndex: 2, tooNewLogEventStartIndex: 4 } });
      const client = new CloudWatchLogsClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
      const now = Date.now();
      const events = [0, 1, 2, 3, 4].map((i) => event({ source: 'api', n: i, timestamp: now - 10 + i }));
      const report = await new CloudWatchWriter(client, { prefix: '/p/', retentionDays: 1, retry: FAST_RETRY }).append(events);
      expect(report).toMatchObject({ written: 2, calls: 1, refused: { expired: 1, tooOld: 1, tooNew: 1 }, failed: [] });
    } finally {
      cw.restore();
    }
  });
});
