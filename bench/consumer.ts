/**
 * `npm run bench:consumer`: the AWS log path's consumer under load, on moto_server (SQS,
 * CloudWatch Logs, DynamoDB on loopback): events/s from the queue through `consumeBatch` (envelope,
 * pipeline, dedupe claim/done, CloudWatchWriter) into CloudWatch Logs, and how full the
 * PutLogEvents calls are against the limits (1 048 576 bytes, 10 000 events).
 *
 * Two runs per SQS message size (256 KiB, the default, and 1 MiB):
 *  - steady: producers enqueue at RATE events/s for SECONDS while `runWorker` (4 pollers, long
 *    polling, 10 messages per receive — what `logline worker` does) consumes; the backlog left at
 *    the end says whether the consumer keeps up;
 *  - drain: DRAIN events queued first, then consumed as fast as the worker can: its ceiling here.
 * Events are ~400-byte API request logs from 3 sources × 2 streams. Settings: RATE, SECONDS, DRAIN,
 * POLLERS, SIZES (message sizes, comma-separated), MODES (steady,drain); LOG=1 prints the consumer's lines.
 */
import { CloudWatchLogsClient, type PutLogEventsCommandInput } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { consumeBatch, emptyStats, type BatchStats } from '@/server/sqs/consumer';
import { DedupeStore } from '@/server/sqs/dedupe';
import type { EnvelopeItem } from '@/server/sqs/envelope';
import { MAX_MESSAGE_BYTES, QueueProducer, SAFE_MESSAGE_BYTES } from '@/server/sqs/producer';
import { add, runWorker } from '@/server/sqs/worker';
import { PUT_LOG_EVENTS } from '@/server/store/cloudwatch/batches';
import { CloudWatchWriter } from '@/server/store/cloudwatch/writer';
import { recordCalls } from '@/server/test-support/cloudwatch';
import { createTables } from '@/server/test-support/lambda';
import { startMoto, uniqueName, type RunningMoto } from '@/server/test-support/moto';
import { createQueues } from '@/server/test-support/sqs';
import { requestLog } from './request-log';
import { table } from './stats';

const RATE = Number(process.env.RATE ?? 20000);
const SECONDS = Number(process.env.SECONDS ?? 20);
const DRAIN = Number(process.env.DRAIN ?? 100_000);
const POLLERS = Number(process.env.POLLERS ?? 4);
const SIZES = (process.env.SIZES ?? `${SAFE_MESSAGE_BYTES},${MAX_MESSAGE_BYTES}`).split(',').map(Number);
const MODES = (process.env.MODES ?? 'steady,drain').split(',') as ('steady' | 'drain')[];
const SOURCES = ['api', 'web', 'app'];

/** Enqueues `n` events as producers would: batches of 1 000 per source and stream. */
async function produce(producer: QueueProducer, start: number, n: number): Promise<void> {
  const jobs: Promise<unknown>[] = [];
  for (let off = 0; off < n; off += 1000) {
    const k = Math.floor((start + off) / 1000);
    const items: EnvelopeItem[] = [];
    for (let i = 0; i < Math.min(1000, n - off); i++) items.push({ index: i, value: requestLog(start + off + i, 1000) });
    jobs.push(producer.enqueue({ defaultSource: SOURCES[k % 3], stream: `i-${k % 2}`, receivedAt: Date.now() }, items));
  }
  const reports = (await Promise.all(jobs)) as Awaited<ReturnType<QueueProducer['enqueue']>>[];
  const lost = reports.reduce((x, r) => x + r.notEnqueued.length + r.refused.length + r.tooLarge.length, 0);
  if (lost > 0) throw new Error(`${lost} events were not enqueued`);
}

interface Run {
  moto: RunningMoto;
  maxMessageBytes: number;
  mode: 'steady' | 'drain';
}

async function run({ moto, maxMessageBytes, mode }: Run): Promise<Record<string, string | number>> {
  const sqs = new SQSClient(moto.client);
  const { queueUrl } = await createQueues(sqs, { visibilityTimeout: 120 });
  const dynamo = new DynamoDBClient(moto.client);
  const { dedupeTable } = await createTables(dynamo);
  const logs = new CloudWatchLogsClient(moto.client);
  const calls = recordCalls<PutLogEventsCommandInput>(logs, 'PutLogEvents');
  const writer = new CloudWatchWriter(logs, { prefix: `/${uniqueName('bench')}/`, retentionDays: 30 });
  const dedupe = new DedupeStore(dynamo, dedupeTable);
  const producer = new QueueProducer(sqs, { queueUrl, maxMessageBytes, concurrency: 8 });

  const total = mode === 'steady' ? RATE * SECONDS : DRAIN;
  if (mode === 'drain') await produce(producer, 0, total);
  const totals: BatchStats = emptyStats();
  const stop = new AbortController();
  const started = performance.now();
  let lastStoredAt = started;
  const worker = runWorker({
    sqs,
    queueUrl,
    pollers: POLLERS,
    visibilityTimeoutSeconds: 120,
    signal: stop.signal,
    consume: (messages, leaseMs) => consumeBatch(messages, { writer, dedupe, leaseMs, log: process.env.LOG ? (l) => console.error(l) : () => undefined }),
    onBatch: (stats) => {
      add(totals, stats);
      if (process.env.LOG && (stats.busy || stats.failed)) console.error(JSON.stringify(stats));
      lastStoredAt = performance.now();
      if (totals.events >= total) stop.abort();
    },
    log: () => undefined,
  });

  let backlog = 0;
  let offered = Number.NaN;
  if (mode === 'steady') {
    // one tick of RATE/10 events every 100 ms, for SECONDS
    for (let tick = 0; tick < SECONDS * 10; tick++) {
      const due = started + tick * 100;
      await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
      await produce(producer, tick * (RATE / 10), RATE / 10);
    }
    // the rate producers really achieved (they share the machine with moto and the consumer)
    offered = total / ((performance.now() - started) / 1000);
    // give the worker one more second, then see what is left
    await new Promise((r) => setTimeout(r, 1000));
    const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
    backlog = Number(attrs.Attributes?.ApproximateNumberOfMessages ?? 0) + Number(attrs.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
    stop.abort();
  } else {
    setTimeout(() => stop.abort(), 600_000).unref();
  }
  await worker;

  // from the first enqueue (steady) or the first receive (drain) to the last batch stored
  const seconds = (lastStoredAt - started) / 1000;
  const bytes = calls.map((c) => (c.logEvents ?? []).reduce((n, e) => n + Buffer.byteLength(e.message ?? '', 'utf8') + PUT_LOG_EVENTS.eventOverheadBytes, 0));
  const events = calls.map((c) => c.logEvents?.length ?? 0);
  const avg = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  return {
    run: `${mode}${mode === 'steady' ? ` ${RATE}/s × ${SECONDS} s` : ` ${total}`}`,
    'SQS message': `${maxMessageBytes / 1024} KiB`,
    'events stored': totals.events,
    'offered/s': mode === 'steady' ? Math.round(offered) : '-',
    'stored/s': Math.round(totals.events / seconds),
    'backlog msgs': mode === 'steady' ? backlog : '-',
    'SQS msgs': totals.messages,
    'PutLogEvents calls': calls.length,
    'avg KiB/call': Math.round(avg(bytes) / 1024),
    'byte fill %': Math.round((avg(bytes) / PUT_LOG_EVENTS.maxBatchBytes) * 1000) / 10,
    'avg events/call': Math.round(avg(events)),
    'event fill %': Math.round((avg(events) / PUT_LOG_EVENTS.maxEvents) * 1000) / 10,
    'dup/failed': `${totals.duplicates}/${totals.failed}`,
  };
}

async function main() {
  const moto = await startMoto();
  try {
    const rows: Record<string, string | number>[] = [];
    for (const maxMessageBytes of SIZES) {
      for (const mode of MODES) {
        const row = await run({ moto, maxMessageBytes, mode });
        console.error(JSON.stringify(row));
        rows.push(row);
        await moto.reset();
      }
    }
    console.log(`\nconsumer: SQS → consumeBatch → CloudWatch Logs on moto_server, ${POLLERS} pollers\n`);
    console.log(table(rows));
  } finally {
    await moto.stop();
  }
}

await main();
