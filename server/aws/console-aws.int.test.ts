import { gzipSync } from 'node:zlib';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashKey } from '../auth/key-hash';
import { messages, readGroup } from '../test-support/cloudwatch';
import { createTables, httpApiEvent, pumpQueue } from '../test-support/lambda';
import { startMoto, uniqueName, type RunningMoto } from '../test-support/moto';
import { signIn } from '../test-support/sign-in';
import { startServer, TEST_ADMIN, TEST_INGEST_KEY, type RunningServer } from '../test-support/spawn-server';
import { createQueues, drain, type TestQueues } from '../test-support/sqs';

/**
 * The console in AWS mode (`LOGLINE_MODE=aws`, the real server process) next to the ingest
 * Lambda's handler, both on one moto: /api/ingest and /v1/logs enqueue to SQS like the Lambda,
 * ingest keys made in the console reach the Lambda through DynamoDB, and both doors give the
 * same answer to the same bad request.
 */
const MAX_BODY = 65_536;
let moto: RunningMoto;
let server: RunningServer;
let sqs: SQSClient;
let dynamo: DynamoDBClient;
let queues: TestQueues;
let keysTable: string;
let prefix: string;
let admin: string;
let lambda: (e: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
let consume: (e: SQSEvent) => Promise<SQSBatchResponse>;

beforeAll(async () => {
  moto = await startMoto();
  sqs = new SQSClient(moto.client);
  dynamo = new DynamoDBClient(moto.client);
  queues = await createQueues(sqs);
  const tables = await createTables(dynamo);
  keysTable = tables.keysTable;
  prefix = `/${uniqueName('console')}/`;
  const aws = { LOGLINE_QUEUE_URL: queues.queueUrl, LOGLINE_KEYS_TABLE: keysTable, LOGLINE_DEDUPE_TABLE: tables.dedupeTable, LOGLINE_LOG_GROUP_PREFIX: prefix, LOGLINE_MAX_BODY_BYTES: String(MAX_BODY) };
  server = await startServer({ env: { ...moto.env, ...aws, LOGLINE_MODE: 'aws' } });
  Object.assign(process.env, moto.env, aws);
  lambda = (await import('./lambda/ingest')).handler;
  consume = (await import('./lambda/consumer')).handler;
  admin = await signIn(server.url, TEST_ADMIN.email, TEST_ADMIN.password);
  // the console mirrors its keys on start (LOGLINE_INGEST_KEY among them); wait for it
  const deadline = Date.now() + 20_000;
  while (!(await dynamo.send(new GetItemCommand({ TableName: keysTable, Key: { hash: { S: hashKey(TEST_INGEST_KEY) } } }))).Item) {
    if (Date.now() > deadline) throw new Error(`the console did not mirror its ingest key:\n${server.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
});
afterAll(async () => {
  await server?.stop();
  await moto?.stop();
});

const consoleIngest = (path: string, body: string | Buffer, headers: Record<string, string>) => fetch(`${server.url}${path}`, { method: 'POST', headers, body: typeof body === 'string' ? body : new Uint8Array(body) });

async function adminCall(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${server.url}${path}`, { method, headers: { cookie: admin, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
}

describe('the console in AWS mode', () => {
  it('enqueues /api/ingest and /v1/logs to SQS, answering only after SQS took them; the consumer stores them', async () => {
    const headers = { authorization: `Bearer ${TEST_INGEST_KEY}`, 'content-type': 'application/x-ndjson' };
    const a = await consoleIngest('/api/ingest', '{"source":"api","level":"ERROR","userId":42,"order":{"id":"o-7"}}\n{"source":"api","msg":"ok"}', headers);
    expect([a.status, await a.json()]).toEqual([202, { accepted: 2 }]);
    const otlp = { resourceLogs: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'api' } }] }, scopeLogs: [{ logRecords: [{ severityText: 'WARNING', body: { stringValue: 'slow' } }] }] }] };
    const b = await consoleIngest('/v1/logs', JSON.stringify(otlp), { ...headers, 'content-type': 'application/json' });
    expect([b.status, await b.json()]).toEqual([200, {}]);
    // nothing went to the local store: the events are in the queue
    expect(await (await fetch(`${server.url}/api/health`)).json()).toEqual({ status: 'ok', mode: 'aws', reachable: true });

    expect((await pumpQueue(sqs, queues.queueUrl, consume)).failures).toEqual([]);
    const stored = messages(await readGroup(new CloudWatchLogsClient(moto.client), `${prefix}api`));
    expect(stored).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: 'error', 'user.id': '42', 'order.id': 'o-7' }),
        expect.objectContaining({ message: 'ok' }),
        expect.objectContaining({ level: 'warn', message: 'slow' }),
      ]),
    );
    expect(stored).toHaveLength(3);
  });

  it('mirrors keys it creates and revokes, so the ingest Lambda accepts and then refuses them', async () => {
    const created = await adminCall('POST', '/api/admin/keys', { name: 'web client', source: 'web' });
    expect(created.status).toBe(201);
    const { key, secret, warning } = (await created.json()) as { key: { id: string }; secret: string; warning?: string };
    expect(warning).toBeUndefined();
    const sent = await lambda(httpApiEvent('POST', '/api/ingest', { body: '{"source":"api","n":1}', headers: { 'x-api-key': secret, 'content-type': 'application/json' } }));
    expect(sent.statusCode).toBe(202);
    const [envelope] = await drain(sqs, queues.queueUrl);
    expect(JSON.parse(envelope.Body!)).toMatchObject({ v: 1, source: 'web', events: [{ source: 'api', n: 1 }] });

    // a second key, revoked before the Lambda ever saw it (a key it has seen is trusted for up to a minute)
    const other = (await (await adminCall('POST', '/api/admin/keys', { name: 'batch' })).json()) as { key: { id: string }; secret: string };
    const revoked = await adminCall('DELETE', `/api/admin/keys/${other.key.id}`);
    expect(await revoked.json()).toEqual({ ok: true });
    const refused = await lambda(httpApiEvent('POST', '/api/ingest', { body: '{"n":2}', headers: { 'x-api-key': other.secret, 'content-type': 'application/json' } }));
    expect(refused.statusCode).toBe(401);
    const item = await dynamo.send(new GetItemCommand({ TableName: keysTable, Key: { hash: { S: hashKey(other.secret) } } }));
    expect(item.Item).toMatchObject({ keyId: { S: other.key.id }, revoked: { BOOL: true } });
    expect(key.id).not.toBe(other.key.id);
  });

  it('gives the same answer at the Lambda as at /api/ingest and /v1/logs to the same bad request', async () => {
    const revokedKey = (await (await adminCall('POST', '/api/admin/keys', { name: 'to revoke' })).json()) as { key: { id: string }; secret: string };
    await adminCall('DELETE', `/api/admin/keys/${revokedKey.key.id}`);
    const ok = { authorization: `Bearer ${TEST_INGEST_KEY}`, 'content-type': 'application/json' };
    const cases: { name: string; path: string; body: string | Buffer; headers: Record<string, string> }[] = [
      { name: 'malformed JSON', path: '/api/ingest', body: '{"level":', headers: ok },
      { name: 'oversize', path: '/api/ingest', body: JSON.stringify({ pad: 'x'.repeat(MAX_BODY) }), headers: ok },
      { name: 'oversize after gzip', path: '/api/ingest', body: gzipSync(JSON.stringify({ pad: 'x'.repeat(MAX_BODY * 2) })), headers: { ...ok, 'content-encoding': 'gzip' } },
      { name: 'damaged gzip', path: '/api/ingest', body: gzipSync('{"a":1}').subarray(0, 12), headers: { ...ok, 'content-encoding': 'gzip' } },
      { name: 'no key', path: '/api/ingest', body: '{"a":1}', headers: { 'content-type': 'application/json' } },
      { name: 'unknown key', path: '/api/ingest', body: '{"a":1}', headers: { ...ok, authorization: 'Bearer lk_not-a-real-key-0123456789' } },
      { name: 'revoked key', path: '/api/ingest', body: '{"a":1}', headers: { ...ok, authorization: `Bearer ${revokedKey.secret}` } },
      { name: 'wrong content type', path: '/api/ingest', body: '<p>hi</p>', headers: { ...ok, 'content-type': 'text/html' } },
      { name: 'unknown encoding', path: '/api/ingest', body: '{"a":1}', headers: { ...ok, 'content-encoding': 'br' } },
      { name: 'some events invalid', path: '/api/ingest', body: '{"ok":1}\n"just text is fine"\n[1,2]\n{"deep":' + '['.repeat(70) + ']'.repeat(70) + '}', headers: { ...ok, 'content-type': 'application/x-ndjson' } },
      { name: 'OTLP malformed JSON', path: '/v1/logs', body: '{"resourceLogs":', headers: ok },
      { name: 'OTLP wrong content type', path: '/v1/logs', body: 'x', headers: { ...ok, 'content-type': 'text/plain' } },
      { name: 'OTLP snake_case', path: '/v1/logs', body: '{"resource_logs":[]}', headers: ok },
    ];
    for (const c of cases) {
      const viaConsole = await consoleIngest(c.path, c.body, c.headers);
      const consoleAnswer = { status: viaConsole.status, body: await viaConsole.json() };
      const viaLambda = await lambda(httpApiEvent('POST', c.path, { body: c.body, headers: c.headers }));
      const lambdaAnswer = { status: viaLambda.statusCode, body: JSON.parse(viaLambda.body!) };
      expect(lambdaAnswer, c.name).toEqual(consoleAnswer);
      expect(consoleAnswer.status, c.name).toBeGreaterThanOrEqual(400);
    }
    // only the valid events of "some events invalid" were queued, once per door
    const queued = await drain(sqs, queues.queueUrl);
    expect(queued).toHaveLength(2);
    for (const m of queued) expect(JSON.parse(m.Body!)).toMatchObject({ lines: ['{"ok":1}', '"just text is fine"'] });
  });
});
