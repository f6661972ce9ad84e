import { gzipSync } from 'node:zlib';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashKey } from '../../auth/key-hash';
import { DedupeStore } from '../../sqs/dedupe';
import { messages, readGroup } from '../../test-support/cloudwatch';
import { createTables, httpApiEvent, pumpQueue, sqsEvent } from '../../test-support/lambda';
import { startMoto, uniqueName, type RunningMoto } from '../../test-support/moto';
import { createQueues, drain, type TestQueues } from '../../test-support/sqs';
import { IngestKeyMirror } from '../ingest-keys';

/**
 * The AWS log path end to end against moto_server: the ingest Lambda's handler gets real HTTP API
 * v2 events and enqueues; an event source mapping stand-in (`pumpQueue`) feeds the consumer
 * Lambda's handler, which writes CloudWatch Logs; everything is read back from moto.
 */
const KEY = 'lk_pipeline-test-key-0123456789';
const WEB_KEY = 'lk_pipeline-web-key-0123456789';
const REVOKED_KEY = 'lk_pipeline-revoked-key-012345';

let moto: RunningMoto;
let sqs: SQSClient;
let logs: CloudWatchLogsClient;
let dynamo: DynamoDBClient;
let queues: TestQueues;
let prefix: string;
let dedupeTable: string;
let ingest: (e: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
let consume: (e: SQSEvent) => Promise<SQSBatchResponse>;

beforeAll(async () => {
  moto = await startMoto();
  sqs = new SQSClient(moto.client);
  logs = new CloudWatchLogsClient(moto.client);
  dynamo = new DynamoDBClient(moto.client);
  queues = await createQueues(sqs, { maxReceiveCount: 2 });
  const tables = await createTables(dynamo);
  dedupeTable = tables.dedupeTable;
  const mirror = new IngestKeyMirror(dynamo, tables.keysTable);
  await mirror.put({ hash: hashKey(KEY), keyId: 'k1', name: 'backend', source: null, revoked: false });
  await mirror.put({ hash: hashKey(WEB_KEY), keyId: 'k2', name: 'web client', source: 'web', revoked: false });
  await mirror.put({ hash: hashKey(REVOKED_KEY), keyId: 'k3', name: 'old', source: null, revoked: true });
  prefix = `/${uniqueName('logline')}/`;
  Object.assign(process.env, moto.env, {
    LOGLINE_QUEUE_URL: queues.queueUrl,
    LOGLINE_KEYS_TABLE: tables.keysTable,
    LOGLINE_DEDUPE_TABLE: dedupeTable,
    LOGLINE_LOG_GROUP_PREFIX: prefix,
    LOGLINE_LOG_RETENTION_DAYS: '14',
    LOGLINE_CORS_ORIGINS: 'https://app.example.com',
  });
  ingest = (await import('./ingest')).handler;
  consume = (await import('./consumer')).handler;
});
afterAll(async () => moto?.stop());

const post = (path: string, body: string | Buffer, headers: Record<string, string> = {}) =>
  ingest(httpApiEvent('POST', path, { body, headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', ...headers } }));

describe('ingest Lambda → SQS → consumer Lambda → CloudWatch Logs', () => {
  it('delivers JSON, gzip NDJSON, text and OTLP events normalized and flattened, one group per source', async () => {
    const now = Date.now();
    const a = await post('/api/ingest', JSON.stringify([
      { source: 'api', level: 'ERROR', userId: 42, items: [{ id: 'a' }, { id: 'b' }], timestamp: now - 3000, message: 'payment failed', stream: 'i-1' },
      { source: 'api', severity: 'Warning', user: { id: 'u7' }, timestamp: now - 2000, stream: 'i-1' },
    ]));
    expect([a.statusCode, JSON.parse(a.body!)]).toEqual([202, { accepted: 2 }]);
    const ndjson = gzipSync([JSON.stringify({ level: 'info', msg: 'from the browser', session_id: 's-9' }), JSON.stringify({ level: 'debug', source: 'api' })].join('\n'));
    const b = await ingest(httpApiEvent('POST', '/api/ingest', { body: ndjson, headers: { 'x-api-key': WEB_KEY, 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' } }));
    expect([b.statusCode, JSON.parse(b.body!)]).toEqual([202, { accepted: 2 }]);
    const c = await post('/api/ingest', `${new Date(now - 1000).toISOString()} nightly export started\n`, { 'content-type': 'text/plain', 'x-logline-source': 'batch', 'x-logline-stream': 'export-1' });
    expect(c.statusCode).toBe(202);
    const otlp = {
      resourceLogs: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }] }, scopeLogs: [{ logRecords: [{ timeUnixNano: `${now}000000`, severityNumber: 17, body: { stringValue: 'card declined' }, attributes: [{ key: 'userId', value: { intValue: '9' } }] }] }] }],
    };
    const d = await post('/v1/logs', JSON.stringify(otlp));
    expect([d.statusCode, JSON.parse(d.body!)]).toEqual([200, {}]);

    const pumped = await pumpQueue(sqs, queues.queueUrl, consume);
    expect(pumped.failures).toEqual([]);

    const api = await readGroup(logs, `${prefix}api`);
    expect(api.map((e) => [e.logStreamName, e.timestamp])).toEqual([['i-1', now - 3000], ['i-1', now - 2000]]);
    expect(messages(api)).toEqual([
      expect.objectContaining({ level: 'error', 'user.id': '42', 'items.0.id': 'a', 'items.1.id': 'b', message: 'payment failed', '@fingerprint': expect.any(String) }),
      expect.objectContaining({ level: 'warn', 'user.id': 'u7' }),
    ]);
    // the key bound to `web` wins over the event's own source
    expect(messages(await readGroup(logs, `${prefix}web`))).toEqual([
      expect.objectContaining({ level: 'info', message: 'from the browser', 'session.id': 's-9' }),
      expect.objectContaining({ level: 'debug' }),
    ]);
    const batch = await readGroup(logs, `${prefix}batch`);
    expect(batch.map((e) => [e.logStreamName, e.timestamp, e.message])).toEqual([['export-1', now - 1000, `${new Date(now - 1000).toISOString()} nightly export started`]]);
    expect(messages(await readGroup(logs, `${prefix}checkout`))).toEqual([expect.objectContaining({ level: 'error', message: 'card declined', 'user.id': '9', 'resource.service.name': 'checkout' })]);
  });

  it('refuses bad keys and bad bodies at the edge, enqueuing nothing, and keeps the valid events of a mixed batch', async () => {
    const before = (await drain(sqs, queues.queueUrl)).length;
    expect(before).toBe(0);
    const revoked = await post('/api/ingest', '{"a":1}', { authorization: `Bearer ${REVOKED_KEY}` });
    expect([revoked.statusCode, JSON.parse(revoked.body!).error]).toEqual([401, expect.stringMatching(/unknown API key/)]);
    expect((await post('/api/ingest', '{"a":1}', { authorization: 'Bearer lk_never-issued-0123456789' })).statusCode).toBe(401);
    expect((await post('/api/ingest', '{"a":', {})).statusCode).toBe(400);
    expect((await post('/api/ingest', '<p>', { 'content-type': 'text/html' })).statusCode).toBe(415);
    expect(await drain(sqs, queues.queueUrl)).toEqual([]);

    const mixed = await post('/api/ingest', '{"ok":1}\n[1]\n{"ok":2}\n{bad', { 'content-type': 'application/x-ndjson' });
    expect(mixed.statusCode).toBe(400);
    expect(JSON.parse(mixed.body!)).toMatchObject({ accepted: 2, rejected: 2, errors: [{ index: 1 }, { index: 3 }] });
    const queued = await drain(sqs, queues.queueUrl);
    expect(queued.flatMap((m) => (JSON.parse(m.Body!) as { lines: string[] }).lines)).toEqual(['{"ok":1}', '{"ok":2}']);
  });

  it('answers CORS preflights for the configured origins only, and marks answers for them', async () => {
    const preflight = await ingest(httpApiEvent('OPTIONS', '/api/ingest', { headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } }));
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers).toMatchObject({ 'access-control-allow-origin': 'https://app.example.com', 'access-control-allow-methods': 'POST', 'access-control-allow-headers': expect.stringContaining('authorization') });
    const other = await ingest(httpApiEvent('OPTIONS', '/v1/logs', { headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } }));
    expect(other.statusCode).toBe(403);
    expect(other.headers?.['access-control-allow-origin']).toBeUndefined();
    const answer = await post('/api/ingest', '{"from":"browser"}', { origin: 'https://app.example.com' });
    expect(answer.statusCode).toBe(202);
    expect(answer.headers).toMatchObject({ 'access-control-allow-origin': 'https://app.example.com', 'access-control-expose-headers': 'retry-after', vary: 'origin' });
    // a named stage in front of the path, an unknown path, a GET
    expect((await ingest(httpApiEvent('POST', '/api/ingest', { body: '{"a":1}', stage: 'prod', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' } }))).statusCode).toBe(202);
    expect((await ingest(httpApiEvent('POST', '/api/other', { body: '{}' }))).statusCode).toBe(404);
    expect((await ingest(httpApiEvent('GET', '/api/ingest'))).statusCode).toBe(405);
    await drain(sqs, queues.queueUrl); // leave the queue empty for the next test
  });

  it('takes a sendBeacon post: the source-bound key in ?key= (the HTTP API passes the query string), a text/plain NDJSON body', async () => {
    const beacon = await ingest(
      httpApiEvent('POST', '/api/ingest', { query: `key=${encodeURIComponent(WEB_KEY)}`, body: '{"event":"page_hidden"}\n{"event":"click"}', headers: { 'content-type': 'text/plain;charset=UTF-8', origin: 'https://app.example.com' } }),
    );
    expect([beacon.statusCode, JSON.parse(beacon.body!)]).toEqual([202, { accepted: 2 }]);
    expect(beacon.headers?.['access-control-allow-origin']).toBe('https://app.example.com');
    const queued = (await drain(sqs, queues.queueUrl)).map((m) => JSON.parse(m.Body!) as { source?: string; lines?: string[]; events?: unknown[] });
    expect(queued.map((e) => e.source)).toEqual(['web']);
    expect(queued[0].lines ?? queued[0].events).toHaveLength(2);
    // a key that is not bound to a source stays out of URLs
    const unbound = await ingest(httpApiEvent('POST', '/api/ingest', { query: `key=${encodeURIComponent(KEY)}`, body: '{"a":1}', headers: { 'content-type': 'text/plain' } }));
    expect([unbound.statusCode, JSON.parse(unbound.body!).error]).toEqual([401, expect.stringMatching(/bound to a source/)]);
    expect(await drain(sqs, queues.queueUrl)).toEqual([]);
  });

  it('fails a poison message alone until the redrive policy moves it to the DLQ; the rest of its batch is written', async () => {
    const prefixNow = prefix;
    const good = (n: number) => JSON.stringify({ v: 1, defaultSource: 'poison-test', events: [{ n, message: `good ${n}` }] });
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queues.queueUrl,
        Entries: [
          { Id: 'a', MessageBody: good(1) },
          { Id: 'b', MessageBody: '{"v":1,"evnts":[]}' },
          { Id: 'c', MessageBody: good(2) },
        ],
      }),
    );
    // visibility 1 s so the poison message comes back quickly; maxReceiveCount is 2
    const first = await pumpQueue(sqs, queues.queueUrl, consume, { visibilityTimeout: 1 });
    expect(first.failures).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 1100));
    const second = await pumpQueue(sqs, queues.queueUrl, consume, { visibilityTimeout: 1 });
    expect(second.failures).toEqual(first.failures);
    await new Promise((r) => setTimeout(r, 1100));
    // the third receive finds it past maxReceiveCount: SQS moves it to the DLQ instead
    expect((await pumpQueue(sqs, queues.queueUrl, consume, { visibilityTimeout: 1 })).batches).toBe(0);
    const dead = await drain(sqs, queues.dlqUrl);
    expect(dead.map((m) => m.Body)).toEqual(['{"v":1,"evnts":[]}']);
    const written = messages(await readGroup(logs, `${prefixNow}poison-test`));
    expect(written.map((m) => m.n).sort()).toEqual([1, 2]);
  });

  it('does not duplicate the events of a message redelivered after its visibility timeout', async () => {
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: queues.queueUrl, Entries: [{ Id: 'x', MessageBody: JSON.stringify({ v: 1, defaultSource: 'redelivery', events: [{ n: 1 }, { n: 2 }, { n: 3 }] }) }] }));
    // first delivery: written, but the delete never happens (a timeout, a crash after the write)
    const r1 = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queues.queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 1 }));
    expect((await consume(sqsEvent(r1.Messages!))).batchItemFailures).toEqual([]);
    await new Promise((r) => setTimeout(r, 1100));
    // the redelivery is recognized and deleted, and nothing is written twice
    const again = await pumpQueue(sqs, queues.queueUrl, consume);
    expect(again).toEqual({ batches: 1, failures: [] });
    expect(messages(await readGroup(logs, `${prefix}redelivery`)).map((m) => m.n)).toEqual([1, 2, 3]);
  });

  it('leaves a message another consumer holds for later, and takes over one whose consumer died before writing', async () => {
    const dedupe = new DedupeStore(dynamo, dedupeTable);
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: queues.queueUrl, Entries: [{ Id: 'y', MessageBody: JSON.stringify({ v: 1, defaultSource: 'takeover', events: [{ n: 1 }] }) }] }));
    const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queues.queueUrl, MaxNumberOfMessages: 1, VisibilityTimeout: 1 }));
    const message = r.Messages![0];
    // another consumer claimed it a moment ago (its lease runs 800 ms) and then died
    expect(await dedupe.claim(message.MessageId!, 800)).toMatchObject({ state: 'claimed' });
    expect((await consume(sqsEvent([message]))).batchItemFailures).toEqual([{ itemIdentifier: message.MessageId }]);
    await new Promise((r2) => setTimeout(r2, 1100)); // lease and visibility run out
    expect((await pumpQueue(sqs, queues.queueUrl, consume)).failures).toEqual([]);
    expect(messages(await readGroup(logs, `${prefix}takeover`)).map((m) => m.n)).toEqual([1]);
  });
});
