import { gzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import type { LogEvent } from '@/lib/events';
import type { ApiKey, ApiKeyStore } from '../../auth/api-keys';
import { QueueFullError, type LogBackend } from '../../store/backend';
import { decodeResponse, deepRecord, encodeRecord, encodeRequest, kv, logsRequest, requestFromRecords, str } from '../../test-support/otlp';
import { localDelivery } from '../delivery';
import { handleOtlpLogs } from './http';

/** The OTLP edge in-process, with a recording store and a stub key check: decoding, mapping, answers. */

const KEY = 'otlp-unit-test-key-0123456789';

function deps(options: { source?: string | null; fail?: Error } = {}) {
  const stored: LogEvent[] = [];
  // The edge only appends; the rest of the LogBackend interface is not reached from here.
  const appendOnly: Pick<LogBackend, 'append'> = {
    append: async (events: LogEvent[]) => {
      if (options.fail) throw options.fail;
      stored.push(...events);
    },
  };
  const backend = appendOnly as LogBackend;
  const key: ApiKey = { id: 'k', name: 'test', kind: 'ingest', source: options.source ?? null, userId: null };
  const keys = { verify: (presented: string | null) => (presented === KEY ? key : null) } as unknown as ApiKeyStore;
  return { stored, deps: { keys, maxBodyBytes: 1024 * 1024, deliver: localDelivery(backend) } };
}

function post(body: Uint8Array | string, headers: Record<string, string>): Request {
  return new Request('http://localhost/v1/logs', { method: 'POST', headers: { authorization: `Bearer ${KEY}`, ...headers }, body: typeof body === 'string' ? body : new Uint8Array(body) });
}

const PROTO = { 'content-type': 'application/x-protobuf' };
const JSON_TYPE = { 'content-type': 'application/json' };

describe('POST /v1/logs handler', () => {
  it('stores protobuf records and answers an empty protobuf response', async () => {
    const { stored, deps: d } = deps();
    const body = encodeRequest(
      logsRequest(
        [{ timeUnixNano: '1764000000123000000', severityNumber: 17, body: str('boom'), traceId: Buffer.alloc(16, 0xab), spanId: Buffer.alloc(8, 0xcd), attributes: kv({ 'user.id': str('u1') }) }],
        { 'service.name': str('billing'), 'host.name': str('host-a') },
      ),
    );
    const res = await handleOtlpLogs(post(body, PROTO), d);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-protobuf');
    expect(new Uint8Array(await res.arrayBuffer())).toHaveLength(0);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ log: 'billing', logStream: 'host-a', timestamp: 1764000000123 });
    expect(stored[0].fields).toMatchObject({ level: 'error', message: 'boom', 'trace.id': 'ab'.repeat(16), 'span.id': 'cd'.repeat(8), 'user.id': 'u1' });
  });

  it('answers partial success in protobuf for a record nested too deeply to decode, keeping the others', async () => {
    const { stored, deps: d } = deps();
    const records = [encodeRecord({ body: str('first') }), deepRecord(10_000), encodeRecord({ body: str('third') })];
    const res = await handleOtlpLogs(post(gzipSync(requestFromRecords(records, 'deep')), { ...PROTO, 'content-encoding': 'gzip' }), d);
    expect(res.status).toBe(200);
    const answer = decodeResponse(new Uint8Array(await res.arrayBuffer()));
    expect(answer.partialSuccess?.rejectedLogRecords).toBe(1);
    expect(answer.partialSuccess?.errorMessage).toMatch(/1 of 3 log records were refused.*record 1: .*nested too deeply/);
    expect(stored.map((e) => e.fields.message)).toEqual(['first', 'third']);
  });

  it('answers partial success in JSON', async () => {
    const { stored, deps: d } = deps();
    const many = Array.from({ length: 10_000 }, (_, i) => ({ key: `a${i}`, value: { intValue: i } }));
    const res = await handleOtlpLogs(post(JSON.stringify(logsRequest([{ body: str('ok') }, { attributes: many }])), JSON_TYPE), d);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ partialSuccess: { rejectedLogRecords: 1, errorMessage: expect.stringMatching(/record 1: .*more than 1000 values/) } });
    expect(stored).toHaveLength(1);
  });

  it('gives a key-bound source precedence over service.name', async () => {
    const { stored, deps: d } = deps({ source: 'bound' });
    await handleOtlpLogs(post(JSON.stringify(logsRequest([{ body: str('x') }])), JSON_TYPE), d);
    expect(stored[0].log).toBe('bound');
    expect(stored[0].fields['resource.service.name']).toBe('otlp-test');
  });

  it.each([
    ['no key', post('{}', { ...JSON_TYPE, authorization: '' }), 401, /API key/],
    ['another content type', post('{}', { 'content-type': 'application/x-ndjson' }), 415, /application\/x-protobuf or application\/json/],
    ['truncated protobuf', post(encodeRequest(logsRequest([{ body: str('x'.repeat(100)) }])).subarray(0, 40), PROTO), 400, /not an ExportLogsServiceRequest/],
    ['malformed JSON', post('{"resourceLogs": [', JSON_TYPE), 400, /malformed JSON/],
    ['gzip garbage', post('not gzip', { ...JSON_TYPE, 'content-encoding': 'gzip' }), 400, /gzip/],
    ['snake_case JSON', post('{"resource_logs": []}', JSON_TYPE), 400, /lowerCamelCase/],
    ['a body over the limit', post('x'.repeat(2 * 1024 * 1024), JSON_TYPE), 413, /larger than/],
  ])('%s → %i', async (_name, req, status, error) => {
    const { stored, deps: d } = deps();
    const res = await handleOtlpLogs(req, d);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: string }).error).toMatch(error);
    expect(stored).toHaveLength(0);
  });

  it('answers 429 with Retry-After when the write queue is full, and 503 when the store fails', async () => {
    const body = JSON.stringify(logsRequest([{ body: str('x') }]));
    const full = await handleOtlpLogs(post(body, JSON_TYPE), deps({ fail: new QueueFullError(3) }).deps);
    expect(full.status).toBe(429);
    expect(full.headers.get('retry-after')).toBe('3');
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined); // the store failure is logged
    const broken = await handleOtlpLogs(post(body, JSON_TYPE), deps({ fail: new Error('disk gone') }).deps);
    expect(logged).toHaveBeenCalledWith('ingest failed', expect.any(Error));
    logged.mockRestore();
    expect(broken.status).toBe(503);
    expect(broken.headers.get('retry-after')).toBe('5');
  });

  it('accepts an empty request', async () => {
    const { deps: d } = deps();
    expect((await handleOtlpLogs(post(new Uint8Array(), PROTO), d)).status).toBe(200);
    expect(await (await handleOtlpLogs(post('{}', JSON_TYPE), d)).json()).toEqual({});
  });
});
