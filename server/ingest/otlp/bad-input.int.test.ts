import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeResponse, deepRecord, encodeRecord, encodeRequest, kv, logsRequest, requestFromRecords, str, TEST_ADMIN as OTLP_ADMIN, TEST_ADMIN_ENV } from '../../test-support/otlp';
import { startServer, TEST_INGEST_KEY, type RunningServer } from '../../test-support/spawn-server';
import { adminHealth } from '../../test-support/health';

/**
 * Hostile and broken OTLP requests against the real server: each gets its documented status
 * and message, refused records are named in partialSuccess while the others are stored, the
 * server keeps serving, and everything accepted before stays stored.
 */
let server: RunningServer;
let storedSoFar = 0;

beforeAll(async () => {
  server = await startServer({ env: TEST_ADMIN_ENV });
});
afterAll(async () => {
  await server?.stop();
});

interface Case {
  name: string;
  body: string | Uint8Array;
  headers?: Record<string, string>;
  status: number;
  error?: RegExp;
  /** Records the request carries that must be stored. */
  stored?: number;
  /** For 200: how many records partialSuccess must report refused, and why. */
  rejected?: number;
  why?: RegExp;
}

const JSON_TYPE = { 'content-type': 'application/json' };
const PROTO = { 'content-type': 'application/x-protobuf' };
const good = (n: number, text = 'fine') => Array.from({ length: n }, (_, i) => ({ severityNumber: 9, body: str(`${text} ${i}`) }));
const manyAttributes = kv(Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`a${i}`, { intValue: i }])));
const deepJson = (levels: number) => {
  let v: unknown = str('leaf');
  for (let i = 0; i < levels; i++) v = { kvlistValue: { values: [{ key: 'k', value: v }] } };
  return v;
};
const json = (records: unknown[]) => JSON.stringify(logsRequest(records));
/** JSON.stringify recurses too, so a 10 000-deep body is spliced in as text. */
const DEEP = str('__deep__');
const deepText = (levels: number) => '{"kvlistValue":{"values":[{"key":"k","value":'.repeat(levels) + '{"stringValue":"leaf"}' + '}]}}'.repeat(levels);
const withDeepBody = (records: unknown[], levels: number) => json(records).replace(JSON.stringify(DEEP), deepText(levels));
const proto = (records: unknown[]) => encodeRequest(logsRequest(records));
const okRecord = () => encodeRecord({ severityNumber: 9, body: str('fine') });

const cases: Case[] = [
  { name: 'JSON, two records', body: json(good(2)), headers: JSON_TYPE, status: 200, stored: 2 },
  { name: 'protobuf, two records', body: proto(good(2)), headers: PROTO, status: 200, stored: 2 },
  { name: 'no API key', body: json(good(1)), headers: { ...JSON_TYPE, authorization: '' }, status: 401, error: /API key/ },
  { name: 'wrong API key', body: json(good(1)), headers: { ...JSON_TYPE, authorization: 'Bearer nope-nope-nope-nope' }, status: 401, error: /unknown API key/ },
  { name: 'key in x-api-key', body: json(good(1)), headers: { ...JSON_TYPE, authorization: '', 'x-api-key': TEST_INGEST_KEY }, status: 200, stored: 1 },
  { name: 'text/plain', body: 'hello', headers: { 'content-type': 'text/plain' }, status: 415, error: /application\/x-protobuf or application\/json/ },
  { name: 'NDJSON content type', body: json(good(1)), headers: { 'content-type': 'application/x-ndjson' }, status: 415, error: /unsupported content type/ },
  { name: 'no content type', body: proto(good(1)), headers: { 'content-type': '' }, status: 415, error: /\(none\)/ },
  { name: 'brotli encoding', body: json(good(1)), headers: { ...JSON_TYPE, 'content-encoding': 'br' }, status: 415, error: /content encoding/ },
  { name: 'malformed JSON', body: '{"resourceLogs": [{"scopeLogs": [', headers: JSON_TYPE, status: 400, error: /malformed JSON/ },
  { name: 'empty JSON body', body: '', headers: JSON_TYPE, status: 400, error: /malformed JSON/ },
  { name: 'a JSON array', body: '[1, 2]', headers: JSON_TYPE, status: 400, error: /ExportLogsServiceRequest/ },
  { name: 'snake_case JSON', body: '{"resource_logs": []}', headers: JSON_TYPE, status: 400, error: /lowerCamelCase/ },
  { name: 'resourceLogs of the wrong type', body: '{"resourceLogs": "x"}', headers: JSON_TYPE, status: 400, error: /resourceLogs/ },
  { name: 'truncated protobuf', body: proto(good(20)).subarray(0, 100), headers: PROTO, status: 400, error: /not an ExportLogsServiceRequest/ },
  { name: 'JSON sent as protobuf', body: json(good(1)), headers: PROTO, status: 400, error: /not an ExportLogsServiceRequest/ },
  { name: 'gzip garbage (JSON)', body: 'not gzip at all', headers: { ...JSON_TYPE, 'content-encoding': 'gzip' }, status: 400, error: /gzip body could not be decompressed/ },
  { name: 'gzip garbage (protobuf)', body: gzipSync(proto(good(50))).subarray(0, 30), headers: { ...PROTO, 'content-encoding': 'gzip' }, status: 400, error: /gzip/ },
  { name: 'gzip bomb over the body limit', body: gzipSync(Buffer.alloc(20 * 1024 * 1024)), headers: { ...PROTO, 'content-encoding': 'gzip' }, status: 413, error: /larger than/ },
  { name: 'protobuf body over 5 MB', body: proto([{ body: str('x'.repeat(6 * 1024 * 1024)) }]), headers: PROTO, status: 413, error: /larger than 5242880 bytes/ },
  { name: 'JSON body over 5 MB', body: json(good(30_000, 'y'.repeat(200))), headers: JSON_TYPE, status: 413, error: /larger than/ },
  { name: 'empty protobuf body (no records)', body: new Uint8Array(), headers: PROTO, status: 200, stored: 0 },
  { name: '10 000 attributes (JSON)', body: json([...good(1), { attributes: manyAttributes }, ...good(1)]), headers: JSON_TYPE, status: 200, stored: 2, rejected: 1, why: /record 1: .*more than 1000 values/ },
  { name: '10 000 attributes (protobuf)', body: proto([...good(1), { attributes: manyAttributes }, ...good(1)]), headers: PROTO, status: 200, stored: 2, rejected: 1, why: /record 1: .*more than 1000 values/ },
  { name: '10 000-deep kvlistValue (JSON)', body: withDeepBody([...good(1), { body: DEEP }, ...good(1)], 10_000), headers: JSON_TYPE, status: 200, stored: 2, rejected: 1, why: /record 1: .*nested more than 64 levels/ },
  { name: '10 000-deep kvlistValue (protobuf)', body: requestFromRecords([okRecord(), deepRecord(10_000), okRecord()], 'deep'), headers: PROTO, status: 200, stored: 2, rejected: 1, why: /record 1: .*nested too deeply/ },
  { name: '100 000-deep kvlistValue (protobuf, gzip)', body: gzipSync(requestFromRecords([deepRecord(100_000), okRecord()], 'deep')), headers: { ...PROTO, 'content-encoding': 'gzip' }, status: 200, stored: 1, rejected: 1, why: /record 0: .*nested too deeply/ },
  { name: '100-deep kvlistValue in an attribute (protobuf)', body: requestFromRecords([okRecord(), encodeRecord({ attributes: [{ key: 'd', value: deepJson(100) }] })], 'deep'), headers: PROTO, status: 200, stored: 1, rejected: 1, why: /nested more than 64 levels/ },
  { name: 'one record over 256 KB among good ones', body: json([...good(1), { body: str('z'.repeat(300 * 1024)) }]), headers: JSON_TYPE, status: 200, stored: 1, rejected: 1, why: /record 1: event is larger than/ },
  { name: 'a malformed traceId', body: json([{ traceId: 'xyz', body: str('bad id') }, ...good(1)]), headers: JSON_TYPE, status: 200, stored: 1, rejected: 1, why: /traceId must be 32 hex/ },
  { name: 'records that are not records', body: json([7, 'text', { severityText: 3 }, ...good(1)]), headers: JSON_TYPE, status: 200, stored: 1, rejected: 3, why: /record 0: not an OTLP log record/ },
  { name: 'hostile attribute names', body: json([{ body: str('hostile'), attributes: kv({ ['__proto__']: str('p'), constructor: str('c'), source: str('s'), '': str('empty'), 'a\u0000b': str('nul') }) }]), headers: JSON_TYPE, status: 200, stored: 1 },
];

describe('/v1/logs refuses bad input clearly and keeps serving', () => {
  it.each(cases)('$name → $status', async (c) => {
    const headers: Record<string, string> = { authorization: `Bearer ${TEST_INGEST_KEY}`, ...c.headers };
    for (const [k, v] of Object.entries(headers)) if (v === '') delete headers[k];
    const res = await fetch(`${server.url}/v1/logs`, { method: 'POST', headers, body: typeof c.body === 'string' ? c.body : new Uint8Array(c.body) });
    const raw = new Uint8Array(await res.arrayBuffer());
    expect(res.status, new TextDecoder().decode(raw.subarray(0, 500))).toBe(c.status);
    if (c.status !== 200) {
      expect((JSON.parse(new TextDecoder().decode(raw)) as { error: string }).error).toMatch(c.error ?? /./);
      if (c.status === 429 || c.status === 503) expect(res.headers.get('retry-after')).toBeTruthy();
      return;
    }
    const isJson = headers['content-type'] === 'application/json';
    expect(res.headers.get('content-type')).toBe(isJson ? 'application/json' : 'application/x-protobuf');
    const answer = isJson ? (JSON.parse(new TextDecoder().decode(raw)) as ReturnType<typeof decodeResponse>) : decodeResponse(raw);
    if (c.rejected) expect(answer.partialSuccess).toEqual({ rejectedLogRecords: c.rejected, errorMessage: expect.stringMatching(c.why ?? /./) });
    else expect(answer).toEqual({});
    storedSoFar += c.stored ?? 0;
  });

  it('GET is not an ingest method', async () => {
    expect((await fetch(`${server.url}/v1/logs`)).status).toBe(405);
  });

  it('still serves, and every accepted record is stored once', async () => {
    const health = await adminHealth(server.url, OTLP_ADMIN);
    expect(health.status).toBe('ok');
    expect(health.events).toBe(storedSoFar);
    expect(storedSoFar).toBeGreaterThan(10);
  });
});
