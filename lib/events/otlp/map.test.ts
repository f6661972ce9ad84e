import { describe, expect, it } from 'vitest';
import { toLogEvent, type LogEvent } from '../index';
import { mapOtlpLogs, parseLogsRequest, severityLevel, UndecodableLogRecord, type OtlpLogsRequest } from './index';

const receivedAt = Date.UTC(2026, 10, 24, 12, 0, 0);
const T = Date.UTC(2026, 10, 24, 9, 30, 15, 123);
const nanos = (ms: number) => `${ms}000000`;
const str = (stringValue: string) => ({ stringValue });
const attrs = (o: Record<string, unknown>) => Object.entries(o).map(([key, value]) => ({ key, value }));

function request(records: unknown[], resource: Record<string, unknown> = { 'service.name': str('checkout'), 'service.instance.id': str('pod-7') }, scope: unknown = { name: 'checkout.http', version: '1.2.3' }): OtlpLogsRequest {
  const parsed = parseLogsRequest({ resourceLogs: [{ resource: { attributes: attrs(resource) }, scopeLogs: [{ scope, logRecords: records }] }] });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.request;
}

/** Maps one request and runs every record through the normal pipeline, as the edge does. */
function events(req: OtlpLogsRequest, ctx: { source?: string } = {}): { events: LogEvent[]; errors: { index: number; error: string }[] } {
  const mapped = mapOtlpLogs(req, { receivedAt });
  const out: LogEvent[] = [];
  const errors = [...mapped.errors];
  mapped.values.forEach((v, i) => {
    const r = toLogEvent(v, { receivedAt, ...ctx });
    if (r.ok) out.push(r.event);
    else errors.push({ index: mapped.indices[i], error: r.error });
  });
  return { events: out, errors };
}

function one(record: Record<string, unknown>, resource?: Record<string, unknown>): LogEvent {
  const r = events(request([record], resource));
  if (r.errors.length > 0) throw new Error(r.errors[0].error);
  return r.events[0];
}

describe('OTLP severity', () => {
  it.each([
    [1, 'trace'], [4, 'trace'], [5, 'debug'], [8, 'debug'], [9, 'info'], [12, 'info'],
    [13, 'warn'], [16, 'warn'], [17, 'error'], [20, 'error'], [21, 'fatal'], [24, 'fatal'],
  ])('severityNumber %i → %s', (n, level) => {
    expect(severityLevel(n)).toBe(level);
    expect(one({ severityNumber: n, body: str('x') }).fields.level).toBe(level);
  });
  it('ignores 0 and out-of-range numbers, falling back to severityText', () => {
    expect(severityLevel(0)).toBeNull();
    expect(severityLevel(25)).toBeNull();
    expect(one({ severityText: 'WARNING' }).fields.level).toBe('warn');
    expect(one({ severityNumber: 0, severityText: 'Error' }).fields.level).toBe('error');
    expect(one({ body: str('no severity') }).fields.level).toBeUndefined();
  });
  it('prefers the number over the text and keeps both as sent', () => {
    const e = one({ severityNumber: 17, severityText: 'oops' });
    expect(e.fields).toMatchObject({ level: 'error', 'severity.text': 'oops', 'severity.number': 17 });
  });
  it('reads the enum names some JSON encoders write', () => {
    expect(one({ severityNumber: 'SEVERITY_NUMBER_WARN2' }).fields).toMatchObject({ level: 'warn', 'severity.number': 14 });
  });
});

describe('OTLP mapping', () => {
  it('maps a typical record: source, stream, time, message, ids, attributes, scope, resource', () => {
    const e = one({
      timeUnixNano: nanos(T),
      observedTimeUnixNano: nanos(T + 5),
      severityNumber: 13,
      severityText: 'WARN',
      body: str('payment slow for order 123'),
      attributes: attrs({ 'http.route': str('/pay'), userId: { intValue: '42' }, duration_ms: { doubleValue: 812.5 }, ok: { boolValue: true } }),
      traceId: '5B8EFFF798038103D269B633813FC60C',
      spanId: 'EEE19B7EC3C1B174',
      eventName: 'payment.slow',
    });
    expect(e).toMatchObject({ log: 'checkout', logStream: 'pod-7', timestamp: T });
    expect({ ...e.fields }).toMatchObject({
      message: 'payment slow for order 123',
      level: 'warn',
      event: 'payment.slow',
      'trace.id': '5b8efff798038103d269b633813fc60c',
      'span.id': 'eee19b7ec3c1b174',
      'http.route': '/pay',
      'user.id': '42',
      duration_ms: 812.5,
      ok: true,
      'scope.name': 'checkout.http',
      'scope.version': '1.2.3',
      'resource.service.name': 'checkout',
      'resource.service.instance.id': 'pod-7',
    });
    expect(e.fields.source).toBeUndefined();
    expect(JSON.parse(e.message)).toMatchObject({ message: 'payment slow for order 123', 'http.route': '/pay' });
  });

  it('takes the observed time when the event time is 0, and the receive time when both are', () => {
    expect(one({ timeUnixNano: '0', observedTimeUnixNano: nanos(T) }).timestamp).toBe(T);
    expect(one({ timeUnixNano: 0 }).timestamp).toBe(receivedAt);
  });

  it('keeps times before 1973 and up to int64 nanoseconds\' end (2262) exact', () => {
    for (const ms of [Date.UTC(1971, 0, 1, 0, 0, 0, 5), Date.UTC(2262, 3, 11)]) {
      expect(one({ timeUnixNano: nanos(ms) }).timestamp).toBe(ms);
    }
  });

  it('falls back to host.name for the stream, and to "default" for source and stream', () => {
    expect(one({}, { 'service.name': str('api'), 'host.name': str('ip-10-0-0-7') }).logStream).toBe('ip-10-0-0-7');
    expect(one({}, {})).toMatchObject({ log: 'default', logStream: 'default' });
  });

  it('lets a key bound to a source win over service.name, which stays queryable', () => {
    const r = events(request([{ body: str('x') }]), { source: 'bound' });
    expect(r.events[0].log).toBe('bound');
    expect(r.events[0].fields['resource.service.name']).toBe('checkout');
  });

  it('flattens a structured body into the event like a JSON event', () => {
    const body = { kvlistValue: { values: attrs({ msg: str('structured'), order: { kvlistValue: { values: attrs({ id: str('o-1'), total: { doubleValue: 19.5 } }) } } }) } };
    const e = one({ body, severityNumber: 9 });
    expect(e.fields).toMatchObject({ message: 'structured', 'order.id': 'o-1', 'order.total': 19.5, level: 'info' });
  });

  it('keeps array, bytes and scalar bodies', () => {
    const arr = one({ body: { arrayValue: { values: [str('a'), { intValue: 2 }, { kvlistValue: { values: attrs({ k: str('v') }) } }] } } });
    expect(arr.fields).toMatchObject({ 'body.0': 'a', 'body.1': 2, 'body.2.k': 'v' });
    expect(one({ body: { bytesValue: 'aGVsbG8=' } }).fields.message).toBe('aGVsbG8=');
    expect(one({ body: { bytesValue: new Uint8Array([104, 101, 108, 108, 111]) } }).fields.message).toBe('aGVsbG8=');
    expect(one({ body: { intValue: 7 } }).fields.message).toBe('7');
    expect(one({ body: {} }).fields.message).toBeUndefined();
  });

  it('keeps 64-bit integers exact and non-finite doubles as null', () => {
    const e = one({ attributes: attrs({ big: { intValue: '9007199254740993' }, small: { intValue: '-5' }, nan: { doubleValue: 'NaN' } }) });
    expect(e.fields).toMatchObject({ big: '9007199254740993', small: -5, nan: null });
  });

  it('never lets OTLP data route an event, and renames collisions with a leading _', () => {
    const e = one({ body: str('the body'), attributes: attrs({ source: str('db'), stream: str('stdout'), '@log': str('evil'), message: str('attr message') }) });
    expect(e).toMatchObject({ log: 'checkout', logStream: 'pod-7' });
    expect(e.fields).toMatchObject({ _source: 'db', _stream: 'stdout', '_@log': 'evil', message: 'the body', _message: 'attr message' });
  });

  it('keeps __proto__ and constructor as plain field names without touching any prototype', () => {
    const list = [{ key: '__proto__', value: { kvlistValue: { values: attrs({ polluted: { boolValue: true } }) } } }, { key: 'constructor', value: str('c') }];
    const e = one({ body: { kvlistValue: { values: list } }, attributes: list });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(e.fields).toMatchObject({ '__proto__.polluted': true, '___proto__.polluted': true, _constructor: 'c' });
    expect(Object.hasOwn(e.fields, 'constructor')).toBe(true);
    expect(e.fields.constructor).toBe('c');
  });

  it('omits all-zero ids and refuses malformed ones, keeping the other records', () => {
    const r = events(request([{ traceId: '0'.repeat(32), body: str('a') }, { traceId: 'not-hex', body: str('b') }, { spanId: 'abc', body: str('c') }]));
    expect(r.events).toHaveLength(1);
    expect(r.events[0].fields['trace.id']).toBeUndefined();
    expect(r.errors.map((e) => e.index)).toEqual([1, 2]);
    expect(r.errors[0].error).toMatch(/traceId must be 32 hex characters/);
  });

  it('reads protobufjs messages: Long times and ints, byte ids, null defaults', () => {
    const long = (v: bigint, unsigned: boolean) => ({ low: Number(v & 0xffffffffn) | 0, high: Number(v >> 32n) | 0, unsigned });
    const e = one({
      timeUnixNano: long(BigInt(T) * 1_000_000n + 456n, true),
      observedTimeUnixNano: null,
      severityText: null,
      traceId: new Uint8Array(16).fill(0xab),
      spanId: new Uint8Array(8).fill(0x01),
      body: { stringValue: null, intValue: long(-3n, false) },
      attributes: attrs({ n: { intValue: long(2n ** 40n, false), stringValue: null } }),
    });
    expect(e.timestamp).toBe(T);
    expect(e.fields).toMatchObject({ message: '-3', n: 2 ** 40, 'trace.id': 'ab'.repeat(16), 'span.id': '01'.repeat(8) });
  });
});

describe('OTLP limits: a hostile record is refused alone', () => {
  const deep = (levels: number) => {
    let v: unknown = str('leaf');
    for (let i = 0; i < levels; i++) v = { kvlistValue: { values: [{ key: 'k', value: v }] } };
    return v;
  };

  it('refuses 10 000-deep nesting quickly and keeps the others', () => {
    const started = performance.now();
    const r = events(request([{ body: str('before') }, { body: deep(10_000) }, { attributes: [{ key: 'a', value: deep(10_000) }] }, { body: str('after') }]));
    expect(performance.now() - started).toBeLessThan(500);
    expect(r.events.map((e) => e.fields.message)).toEqual(['before', 'after']);
    expect(r.errors.map((e) => e.index)).toEqual([1, 2]);
    expect(r.errors[0].error).toMatch(/nested more than 64 levels/);
  });

  it('keeps moderate nesting, as JSON text below the flatten depth', () => {
    const e = one({ body: deep(20) });
    expect(Object.keys(e.fields).some((k) => k.startsWith('k.k.k'))).toBe(true);
  });

  it('refuses 10 000 attributes and keeps the others', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => ({ key: `a${i}`, value: { intValue: i } }));
    const r = events(request([{ body: str('ok') }, { attributes: many }]));
    expect(r.events).toHaveLength(1);
    expect(r.errors).toEqual([{ index: 1, error: expect.stringMatching(/more than 1000 values/) }]);
  });

  it('refuses every record of a resource whose attributes are unusable', () => {
    const parsed = parseLogsRequest({
      resourceLogs: [
        { resource: { attributes: [{ key: 7, value: str('x') }] }, scopeLogs: [{ logRecords: [{ body: str('a') }, { body: str('b') }] }] },
        { resource: { attributes: attrs({ 'service.name': str('fine') }) }, scopeLogs: [{ logRecords: [{ body: str('c') }] }] },
      ],
    });
    if (!parsed.ok) throw new Error(parsed.error);
    const r = events(parsed.request);
    expect(r.events.map((e) => e.log)).toEqual(['fine']);
    expect(r.errors.map((e) => [e.index, e.error])).toEqual([[0, 'resource attributes: attribute key must be a string'], [1, 'resource attributes: attribute key must be a string']]);
  });

  it('refuses records that are not log records, and undecodable ones, by index', () => {
    const r = events(request([42, { severityText: 5 }, new UndecodableLogRecord('nested too deeply'), { body: str('fine') }]));
    expect(r.events).toHaveLength(1);
    expect(r.errors.map((e) => e.index)).toEqual([0, 1, 2]);
    expect(r.errors[2].error).toBe('nested too deeply');
  });

  it('counts dropped attributes instead of losing the fact', () => {
    expect(one({ droppedAttributesCount: 3 }).fields['otel.droppedAttributesCount']).toBe(3);
  });
});

describe('OTLP envelope', () => {
  it.each([
    ['an array', [], /expected an object/],
    ['snake_case field names', { resource_logs: [] }, /lowerCamelCase/],
    ['resourceLogs not an array', { resourceLogs: {} }, /resourceLogs/],
  ])('refuses %s', (_name, doc, error) => {
    expect(parseLogsRequest(doc)).toMatchObject({ ok: false, error: expect.stringMatching(error) });
  });
  it('accepts an empty request', () => {
    const parsed = parseLogsRequest({});
    expect(parsed.ok && mapOtlpLogs(parsed.request, { receivedAt }).total).toBe(0);
  });
});
