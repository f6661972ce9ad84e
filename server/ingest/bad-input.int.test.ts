import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../test-support/sign-in';
import { ingestHeaders, startServer, TEST_ADMIN, type RunningServer } from '../test-support/spawn-server';
import { adminHealth } from '../test-support/health';

/**
 * Hostile and broken ingest requests against the real server: each gets its documented status
 * and a message, the server keeps serving, and everything accepted before stays stored.
 */
let server: RunningServer;
let acceptedSoFar = 0;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

interface Case {
  name: string;
  body: string | Buffer;
  headers?: Record<string, string>;
  status: number;
  error?: RegExp;
  accepted?: number;
  errorIndices?: number[];
}

const deep = (n: number) => '['.repeat(n) + '1' + ']'.repeat(n);
const manyKeys = (n: number) => JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i])));
const ok = (extra: Record<string, unknown> = {}) => JSON.stringify({ level: 'info', message: 'fine', ...extra });

const cases: Case[] = [
  { name: 'no API key', body: ok(), headers: { authorization: '' }, status: 401, error: /API key/ },
  { name: 'wrong API key', body: ok(), headers: { authorization: 'Bearer nope-nope-nope-nope' }, status: 401, error: /unknown API key/ },
  { name: 'Basic auth instead of a key', body: ok(), headers: { authorization: 'Basic dXNlcjpwYXNz' }, status: 401 },
  { name: 'key in x-api-key', body: ok(), headers: { authorization: '', 'x-api-key': 'test-ingest-key-0123456789abcdef' }, status: 202, accepted: 1 },
  { name: 'HTML content type', body: '<p>hi</p>', headers: { 'content-type': 'text/html' }, status: 415, error: /unsupported content type "text\/html"/ },
  { name: 'no content type', body: Buffer.from(ok()), headers: { 'content-type': '' }, status: 415, error: /application\/json/ },
  { name: 'brotli encoding', body: ok(), headers: { 'content-encoding': 'br' }, status: 415, error: /content encoding/ },
  { name: 'malformed JSON', body: '{"level": "info", "message": ', status: 400, error: /malformed JSON/ },
  { name: 'empty JSON body', body: '', status: 400, error: /malformed JSON/ },
  { name: 'NaN literal', body: '{"a": NaN}', status: 400, error: /malformed JSON/ },
  { name: 'a bare number', body: '42', status: 400, errorIndices: [0] },
  { name: 'null', body: 'null', status: 400, errorIndices: [0] },
  { name: 'array with bad members', body: JSON.stringify([{ a: 1 }, 7, { b: 2 }, [1], 'a text line']), status: 400, accepted: 3, errorIndices: [1, 3] },
  { name: 'NDJSON with one broken line', body: `${ok()}\n{"broken": \n${ok()}\n`, headers: { 'content-type': 'application/x-ndjson' }, status: 400, accepted: 2, errorIndices: [1] },
  { name: 'NDJSON under a JSON content type', body: `${ok()}\n${ok()}\n${ok()}`, status: 202, accepted: 3 },
  { name: 'NDJSON with CRLF and blank lines', body: `${ok()}\r\n\r\n${ok()}\r\n`, headers: { 'content-type': 'application/x-ndjson' }, status: 202, accepted: 2 },
  { name: 'JSON with a byte-order mark', body: `\ufeff${ok()}`, status: 202, accepted: 1 },
  { name: 'gzip NDJSON', body: gzipSync(`${ok()}\n${ok()}`), headers: { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' }, status: 202, accepted: 2 },
  { name: 'truncated gzip', body: gzipSync(ok({ pad: 'x'.repeat(5000) })).subarray(0, 40), headers: { 'content-encoding': 'gzip' }, status: 400, error: /gzip body could not be decompressed/ },
  { name: 'not gzip at all under gzip encoding', body: ok(), headers: { 'content-encoding': 'gzip' }, status: 400, error: /gzip/ },
  { name: 'gzip bomb over the body limit', body: gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20)), headers: { 'content-encoding': 'gzip' }, status: 413, error: /larger than/ },
  { name: 'body over 5 MB', body: JSON.stringify([{ pad: 'x'.repeat(6 * 1024 * 1024) }]), status: 413, error: /larger than 5242880 bytes/ },
  { name: 'one event over 256 KB', body: ok({ pad: 'x'.repeat(300 * 1024) }), status: 413, error: /refused/ },
  { name: 'one big event among good ones', body: JSON.stringify([{ a: 1 }, { pad: 'x'.repeat(300 * 1024) }]), status: 400, accepted: 1, errorIndices: [1] },
  { name: '10 000-deep nesting', body: `{"deep":${deep(10_000)}}`, status: 400, error: /refused/, errorIndices: [0] },
  { name: '100-deep nesting in one NDJSON line', body: `${ok()}\n{"d":${deep(100)}}`, headers: { 'content-type': 'application/x-ndjson' }, status: 400, accepted: 1, errorIndices: [1] },
  { name: '50 000 keys', body: manyKeys(50_000), status: 413 },
  { name: '15 000 keys (fits the size limit)', body: manyKeys(15_000), status: 202, accepted: 1 },
  { name: 'a 200 KB string value', body: ok({ blob: 'y'.repeat(200 * 1024) }), status: 202, accepted: 1 },
  { name: 'invalid UTF-8 in a JSON body', body: Buffer.concat([Buffer.from('{"message":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]), status: 400, error: /refused/, errorIndices: [0] },
  { name: 'invalid UTF-8 in one NDJSON line', body: Buffer.concat([Buffer.from(`${ok()}\n{"m":"`), Buffer.from([0xff, 0xfe]), Buffer.from(`"}\n${ok()}`)]), headers: { 'content-type': 'application/x-ndjson' }, status: 400, accepted: 2, errorIndices: [1] },
  { name: '__proto__ and constructor keys', body: '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}},"message":"proto"}', status: 202, accepted: 1 },
  { name: 'control characters and backticks in keys', body: JSON.stringify({ 'a\u0000b': 1, '`x`': 2, '': 3 }), status: 202, accepted: 1 },
  { name: 'a 1 000-character key', body: JSON.stringify({ ['k'.repeat(1000)]: 1, message: 'long key' }), status: 202, accepted: 1 },
  { name: 'wrong types for well-known fields', body: JSON.stringify({ timestamp: { not: 'a time' }, level: 42, status: 'teapot', 'user.id': 7 }), status: 202, accepted: 1 },
  { name: 'hostile source name', body: JSON.stringify({ source: '\u0000\u0001', message: 'x' }), status: 202, accepted: 1 },
  { name: 'plain text lines', body: 'first line\nsecond line\n', headers: { 'content-type': 'text/plain' }, status: 202, accepted: 2 },
];

describe('ingest refuses bad input clearly and keeps serving', () => {
  it.each(cases)('$name → $status', async (c) => {
    const headers = ingestHeaders(c.headers ?? {});
    for (const [k, v] of Object.entries(headers)) if (v === '') delete headers[k];
    const res = await fetch(`${server.url}/api/ingest`, { method: 'POST', headers, body: typeof c.body === 'string' ? c.body : new Uint8Array(c.body) });
    const body = (await res.json()) as { error?: string; accepted?: number; errors?: { index: number; error: string }[] };
    expect(res.status, JSON.stringify(body).slice(0, 500)).toBe(c.status);
    if (c.status !== 202) expect(body.error).toMatch(c.error ?? /./);
    if (c.accepted !== undefined) expect(body.accepted).toBe(c.accepted);
    if (c.errorIndices) expect(body.errors?.map((e) => e.index)).toEqual(c.errorIndices);
    for (const e of body.errors ?? []) expect(e.error.length).toBeGreaterThan(10);
    acceptedSoFar += body.accepted ?? 0;
  });

  it('GET is not an ingest method', async () => {
    const res = await fetch(`${server.url}/api/ingest`, { headers: ingestHeaders() });
    expect(res.status).toBe(405);
  });

  it('still serves, and every accepted event is stored', async () => {
    const health = await adminHealth(server.url);
    expect(health.status).toBe('ok');
    expect(health.events).toBe(acceptedSoFar);
    expect(acceptedSoFar).toBeGreaterThan(20);
  });

  it('stored hostile keys as plain fields without polluting anything', async () => {
    const cookie = await signIn(server.url, TEST_ADMIN.email, TEST_ADMIN.password);
    const res = await fetch(`${server.url}/api/events?limit=1000`, { headers: { cookie } });
    const { events } = (await res.json()) as { events: { message: string; log: string; fields: Record<string, unknown> }[] };
    const proto = events.find((e) => e.fields.message === 'proto');
    expect(proto?.fields['__proto__.admin']).toBe(true);
    expect(proto?.fields['constructor.prototype.x']).toBe(1);
    const longKey = events.find((e) => e.fields.message === 'long key');
    expect(longKey?.fields['logline.droppedFields']).toBe(1);
    expect(longKey?.message).toContain('k'.repeat(1000));
    const typed = events.find((e) => e.fields.status === 'teapot');
    expect(typed?.fields.level).toBe('error');
    expect(typed?.fields['user.id']).toBe('7');
    expect(events.find((e) => e.message === 'x' || e.fields.message === 'x')?.log).toBe('default');
  });
});
