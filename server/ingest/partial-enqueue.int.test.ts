import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Sdk from '@/sdk/js/src/index';
import { hashKey } from '../auth/key-hash';
import { startAwsProxy, type AwsProxy } from '../test-support/aws-proxy';
import { messages, readGroup } from '../test-support/cloudwatch';
import { startIngestProxy, type IngestProxy } from '../test-support/ingest-proxy';
import { createTables, pumpQueue } from '../test-support/lambda';
import { startMoto, uniqueName, type RunningMoto } from '../test-support/moto';
import { startServer, TEST_INGEST_KEY, type RunningServer } from '../test-support/spawn-server';
import { createQueues, drain, type TestQueues } from '../test-support/sqs';

/**
 * SQS taking only part of a request, end to end: the real console in AWS mode sends to SQS through
 * a loopback stand-in in front of moto that fails chosen entries (moto never fails one entry of a
 * batch), so the edge's 503 lists exactly what to send again, and both SDKs resend exactly that:
 * after their retries every event is stored once.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
let moto: RunningMoto;
let aws: AwsProxy;
let server: RunningServer;
let ingestProxy: IngestProxy;
let sqs: SQSClient;
let queues: TestQueues;
let prefix: string;
let consume: (e: SQSEvent) => Promise<SQSBatchResponse>;
let sdk: typeof Sdk;

beforeAll(async () => {
  moto = await startMoto();
  aws = await startAwsProxy(moto.endpoint);
  sqs = new SQSClient(moto.client);
  const dynamo = new DynamoDBClient(moto.client);
  queues = await createQueues(sqs);
  const tables = await createTables(dynamo);
  prefix = `/${uniqueName('partial')}/`;
  // A source with a log group before the start: a warm-up query would have something to scan.
  await new CloudWatchLogsClient(moto.client).send(new CreateLogGroupCommand({ logGroupName: `${prefix}api` }));
  // 16 KiB messages: a few 5 KB events each, so one request becomes several messages.
  const settings = { LOGLINE_QUEUE_URL: queues.queueUrl, LOGLINE_KEYS_TABLE: tables.keysTable, LOGLINE_DEDUPE_TABLE: tables.dedupeTable, LOGLINE_LOG_GROUP_PREFIX: prefix, LOGLINE_SQS_MAX_MESSAGE_BYTES: '16384', LOGLINE_STORM_THRESHOLD: '0' };
  server = await startServer({ env: { ...moto.env, ...settings, LOGLINE_AWS_ENDPOINT: aws.endpoint, LOGLINE_MODE: 'aws' } });
  Object.assign(process.env, moto.env, settings);
  consume = (await import('../aws/lambda/consumer')).handler;
  ingestProxy = await startIngestProxy(server.url);
  const build = spawnSync(process.execPath, [path.join(ROOT, 'sdk/js/build.mjs')], { encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
  sdk = (await import(pathToFileURL(path.join(ROOT, 'sdk/js/dist/index.js')).href)) as typeof Sdk;
  const deadline = Date.now() + 20_000;
  while (!(await dynamo.send(new GetItemCommand({ TableName: tables.keysTable, Key: { hash: { S: hashKey(TEST_INGEST_KEY) } } }))).Item) {
    if (Date.now() > deadline) throw new Error(`the console did not mirror its ingest key:\n${server.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
});
afterAll(async () => {
  await ingestProxy?.stop();
  await server?.stop();
  await aws?.stop();
  await moto?.stop();
});

const pad = 'x'.repeat(5000);
const ndjson = (lines: unknown[]) => lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n');
const expand = (ranges: [number, number][]) => ranges.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, k) => a + k));
const queuedValues = async () =>
  (await drain(sqs, queues.queueUrl)).flatMap((m) => {
    const envelope = JSON.parse(m.Body!) as { lines?: string[]; events?: unknown[] };
    return [...(envelope.events ?? []), ...(envelope.lines ?? []).map((l) => JSON.parse(l) as unknown)];
  });

/** What the consumer stored for a source, by `i`: each value should appear once. */
async function storedIs(source: string): Promise<number[]> {
  expect((await pumpQueue(sqs, queues.queueUrl, consume)).failures).toEqual([]);
  const stored = messages(await readGroup(new CloudWatchLogsClient(moto.client), `${prefix}${source}`));
  return stored.map((m) => Number(m.i)).sort((a, b) => a - b);
}

describe('the edge when SQS takes part of a request', () => {
  it('answers 503 listing every event to send again, apart from the invalid ones and those SQS took', async () => {
    const marker = uniqueName('refuse');
    aws.refuse(marker);
    const lines = Array.from({ length: 12 }, (_, i) => (i === 3 ? '[1, 2]' : { source: 'edge', i, message: i === 6 || i === 7 ? `${marker} order` : 'order', pad }));
    const res = await fetch(`${server.url}/api/ingest`, { method: 'POST', headers: { authorization: `Bearer ${TEST_INGEST_KEY}`, 'content-type': 'application/x-ndjson' }, body: ndjson(lines) });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    const body = (await res.json()) as { error: string; accepted: number; rejected: number; errors: { index: number }[]; retry: [number, number][]; notQueued: number };
    const queued = (await queuedValues()).map((v) => Number((v as { i: number }).i));
    const retry = expand(body.retry);
    expect(retry).toContain(6);
    expect(retry).toContain(7);
    expect(retry).not.toContain(3);
    expect([...queued, ...retry, 3].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i)); // each index in exactly one place
    expect(body).toMatchObject({ accepted: queued.length, rejected: 1, errors: [{ index: 3 }], notQueued: retry.length });
    expect(body.error).toMatch(new RegExp(`${retry.length} of 12 events could not be queued .*send only the events listed in "retry" again`));
  });

  it('OTLP: records SQS did not take are refused in partialSuccess, so an exporter does not resend the ones it took', async () => {
    const marker = uniqueName('refuse');
    aws.refuse(marker);
    const record = (i: number) => ({ body: { stringValue: i === 1 ? `${marker} slow` : 'slow' }, attributes: [{ key: 'i', value: { intValue: String(i) } }, { key: 'pad', value: { stringValue: pad } }] });
    const otlp = { resourceLogs: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'otlp' } }] }, scopeLogs: [{ logRecords: Array.from({ length: 9 }, (_, i) => record(i)) }] }] };
    const res = await fetch(`${server.url}/v1/logs`, { method: 'POST', headers: { authorization: `Bearer ${TEST_INGEST_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(otlp) });
    const queued = (await queuedValues()).length;
    expect(queued).toBeGreaterThan(0);
    expect(queued).toBeLessThan(9);
    expect([res.status, await res.json()]).toEqual([200, { partialSuccess: { rejectedLogRecords: 9 - queued, errorMessage: expect.stringMatching(new RegExp(`${9 - queued} of 9 log records could not be queued`)) } }]);

    // Nothing taken at all: then resending everything duplicates nothing, and the exporter is told to retry.
    const all = uniqueName('refuse');
    aws.refuse(all);
    const one = { resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: `${all} alone` } }] }] }] };
    const again = await fetch(`${server.url}/v1/logs`, { method: 'POST', headers: { authorization: `Bearer ${TEST_INGEST_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(one) });
    expect(again.status).toBe(503);
    expect(again.headers.get('retry-after')).toBe('5');
    expect(await queuedValues()).toEqual([]);
  });
});

describe('the SDKs resend exactly the events not queued', () => {
  it('JS (Node): each event is stored once after the retry', async () => {
    const source = uniqueName('js');
    const marker = uniqueName('refuse');
    aws.refuse(marker);
    const logger = sdk.createLogger({ url: ingestProxy.url, key: TEST_INGEST_KEY, source, flushIntervalMs: 50, repeats: false, retry: { maxRetryAfterMs: 100 } });
    for (let i = 0; i < 12; i++) logger.info(i === 4 || i === 5 ? `${marker} order` : 'order', { i, pad });
    await logger.flush();
    const seen = ingestProxy.seen.filter((r) => r.lines.some((l) => l.includes(source)));
    expect(seen.map((r) => r.status)).toEqual([503, 202]);
    expect(seen[0].lines).toHaveLength(12);
    expect(seen[1].lines.length).toBeLessThan(12);
    expect(seen[1].lines.every((l) => seen[0].lines.includes(l))).toBe(true);
    expect(seen[1].lines.some((l) => l.includes(marker))).toBe(true);
    expect(logger.stats()).toMatchObject({ sent: 12, buffered: 0, dropped: { retries: 0, rejected: 0 } });
    await logger.close();
    expect(await storedIs(source)).toEqual(Array.from({ length: 12 }, (_, i) => i));
  });

  it('Python handler: each event is stored once after the retry', async () => {
    const source = uniqueName('py');
    const marker = uniqueName('refuse');
    aws.refuse(marker);
    const script = `
import json, logging, sys
from logline import LoglineHandler
url, key, source, marker = sys.argv[1:5]
handler = LoglineHandler(url, key=key, source=source, flush_interval=0.05, max_retry_after=0.1)
log = logging.getLogger("partial")
log.handlers, log.propagate, log.level = [handler], False, logging.INFO
for i in range(12):
    log.info(marker + " order" if i in (4, 5) else "order", extra={"i": i, "pad": "x" * 5000})
handler.flush(timeout=20)
print(json.dumps(handler.stats()))
handler.close()
`;
    const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn('python3', ['-c', script, ingestProxy.url, TEST_INGEST_KEY, source, marker], { cwd: path.join(ROOT, 'sdk/python'), env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ sent: 12, dropped: { queue: 0, rejected: 0, retries: 0, internal: 0 } });
    const seen = ingestProxy.seen.filter((r) => r.lines.some((l) => l.includes(source)));
    expect(seen.map((r) => r.status)).toEqual([503, 202]);
    expect(seen[1].lines.length).toBeLessThan(12);
    expect(seen[1].lines.every((l) => seen[0].lines.includes(l))).toBe(true);
    expect(await storedIs(source)).toEqual(Array.from({ length: 12 }, (_, i) => i));
  });
});

describe('starting in AWS mode', () => {
  it('runs no Logs Insights query (each is billed): the warm-up is for the local store only', async () => {
    // By now the console has been up for a while, mirrored its keys and served requests.
    expect(aws.calls.filter((c) => c.startsWith('Logs_'))).not.toContain('Logs_20140328.StartQuery');
    expect(aws.calls).toContain('DynamoDB_20120810.PutItem');
  });
});
