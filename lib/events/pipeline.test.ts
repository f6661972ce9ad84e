import { describe, expect, it } from 'vitest';
import { fingerprint, messageTemplate, parseTimestamp, toLogEvent, type LogEvent } from './index';

const ctx = { receivedAt: Date.UTC(2026, 10, 24, 12, 0, 0) };

function ok(raw: unknown, c: Parameters<typeof toLogEvent>[1] = ctx): LogEvent {
  const r = toLogEvent(raw, c);
  if (!r.ok) throw new Error(r.error);
  return r.event;
}

describe('timestamps', () => {
  const ms = Date.UTC(2026, 10, 20, 8, 30, 15, 250);
  it.each([
    ['ISO with Z', '2026-11-20T08:30:15.250Z', ms],
    ['ISO with offset', '2026-11-20T10:30:15.250+02:00', ms],
    ['ISO with a space', '2026-11-20 08:30:15.250Z', ms],
    ['epoch seconds', ms / 1000, ms],
    ['epoch ms', ms, ms],
    ['epoch µs', ms * 1000, ms],
    ['epoch ns as text', `${ms}000000`, ms],
  ])('reads %s', (_name, input, expected) => {
    expect(parseTimestamp(input)).toBe(expected);
  });
  it.each([['not a date'], ['1'.repeat(80)], [-5], [Number.NaN], [{}], ['2026-13-45T99:99:99Z']])('rejects %s', (input) => {
    expect(parseTimestamp(input)).toBeNull();
  });
  it('uses the receive time when the event has none or an unreadable one', () => {
    expect(ok({ message: 'x' }).timestamp).toBe(ctx.receivedAt);
    expect(ok({ message: 'x', timestamp: 'yesterday' }).timestamp).toBe(ctx.receivedAt);
  });
  it('takes the event time and removes it from the fields', () => {
    const e = ok({ timestamp: '2026-11-20T08:30:15.250Z', message: 'x' });
    expect(e.timestamp).toBe(ms);
    expect(e.fields.timestamp).toBeUndefined();
  });
});

describe('normalization', () => {
  it.each([['WARN', 'warn'], ['warning', 'warn'], ['Warning', 'warn'], ['ERR', 'error'], ['Error', 'error'],
    ['CRITICAL', 'fatal'], ['fatal', 'fatal'], ['INFO', 'info'], [40, 'error'], [20, 'info']])('level %s → %s', (input, level) => {
    expect(ok({ level: input }).fields.level).toBe(level);
  });
  it('maps aliases to one name', () => {
    for (const key of ['userId', 'user_id', 'uid']) expect(ok({ [key]: 'u1' }).fields['user.id']).toBe('u1');
    for (const key of ['requestId', 'request_id', 'x-request-id']) expect(ok({ [key]: 'r1' }).fields['request.id']).toBe('r1');
    expect(ok({ sessionId: 's1' }).fields['session.id']).toBe('s1');
    expect(ok({ user: { id: 'u2' } }).fields['user.id']).toBe('u2');
    expect(ok({ user_id: 7 }).fields['user.id']).toBe('7');
    expect(ok({ severity: 'Warning' }).fields.level).toBe('warn');
  });
  it('keeps the canonical field when an alias collides with it', () => {
    expect(ok({ 'user.id': 'canonical', userId: 'alias' }).fields['user.id']).toBe('canonical');
  });
  it('keeps numbers as numbers and turns numeric status text into a number', () => {
    const e = ok({ status: '503', duration_ms: 12.5, count: 3 });
    expect(e.fields.status).toBe(503);
    expect(e.fields.duration_ms).toBe(12.5);
    expect(e.fields.count).toBe(3);
  });
});

describe('flattening', () => {
  it('flattens objects and arrays to dot paths', () => {
    const e = ok({ user: { id: 7, plan: { name: 'pro' } }, items: [{ id: 'a' }, { id: 'b' }], ok: true, none: null });
    expect({ ...e.fields }).toEqual({ 'user.id': '7', 'user.plan.name': 'pro', 'items.0.id': 'a', 'items.1.id': 'b', ok: true, none: null });
  });
  it('keeps values below the depth cap as one JSON string', () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 12; i++) deep = { n: deep };
    const e = ok({ deep });
    const [[path, value]] = Object.entries(e.fields);
    expect(path.split('.').length).toBe(9);
    expect(typeof value).toBe('string');
    expect(JSON.parse(value as string)).toHaveProperty('n');
  });
  it('refuses absurd nesting with a message saying what to do', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    const r = toLogEvent({ deep }, ctx);
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/nested more than 64 levels/) });
  });
  it('keeps at most 200 fields and counts the rest; @message keeps everything', () => {
    const raw = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, i]));
    const e = ok(raw);
    expect(Object.keys(e.fields)).toHaveLength(201);
    expect(e.fields['logline.droppedFields']).toBe(300);
    expect(JSON.parse(e.message).k499).toBe(499);
  });
  it('survives hostile keys without polluting prototypes', () => {
    const raw = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}, "": "empty", "a\\u0000b\\nc": 1, "`tick`": 2}');
    const e = ok(raw);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(e.fields['__proto__.polluted']).toBe(true);
    expect(e.fields['constructor.prototype.x']).toBe(1);
    expect(e.fields._).toBe('empty');
    expect(e.fields['a_b_c']).toBe(1);
    expect(e.fields['_tick_']).toBe(2);
  });
  it('keeps top-level keys named like Object members as themselves', () => {
    const e = ok(JSON.parse('{"__proto__": "p", "constructor": "c", "toString": "t", "level": "Constructor"}'));
    expect(Object.keys(e.fields).sort()).toEqual(['__proto__', 'constructor', 'level', 'toString']);
    expect(e.fields.constructor).toBe('c');
    expect(e.fields.level).toBe('constructor');
  });

  it('drops field names over 256 characters from the fields but keeps them in @message', () => {
    const long = 'x'.repeat(1000);
    const e = ok({ [long]: 1, short: 2 });
    expect(e.fields[long]).toBeUndefined();
    expect(e.fields.short).toBe(2);
    expect(e.fields['logline.droppedFields']).toBe(1);
    expect(e.message).toContain(long);
  });
  it('renames keys that would shadow system fields', () => {
    const e = ok({ '@ingestionTime': 1, '@log': 'evil' }, { ...ctx, source: 'web' });
    expect(e.log).toBe('web');
    expect(e.fields['_@ingestionTime']).toBe(1);
  });
});

describe('sources, streams and text lines', () => {
  it('prefers the key source over the event source field', () => {
    expect(ok({ source: 'api' }, { ...ctx, source: 'web' }).log).toBe('web');
    expect(ok({ source: 'api' }).log).toBe('api');
    expect(ok({}).log).toBe('default');
  });
  it('accepts plain text as @message with system fields only', () => {
    const e = ok('2026-11-20T03:00:01Z nightly-export: wrote 18234 rows', { ...ctx, source: 'batch', stream: 'job-1' });
    expect(e).toMatchObject({ log: 'batch', logStream: 'job-1', message: '2026-11-20T03:00:01Z nightly-export: wrote 18234 rows' });
    expect(Object.keys(e.fields)).toHaveLength(0);
    expect(e.timestamp).toBe(Date.UTC(2026, 10, 20, 3, 0, 1));
    expect(ok('no time here').timestamp).toBe(ctx.receivedAt);
  });
  it.each([[42], [null], [[1, 2]], [true]])('refuses %j as an event', (raw) => {
    expect(toLogEvent(raw, ctx)).toMatchObject({ ok: false, error: expect.stringContaining('must be a JSON object or a string') });
  });
  it('refuses events over 256 KB', () => {
    expect(toLogEvent({ big: 'é'.repeat(150_000) }, ctx)).toMatchObject({ ok: false, error: expect.stringContaining('larger than') });
    expect(toLogEvent('x'.repeat(300_000), ctx).ok).toBe(false);
  });
});

describe('fingerprints', () => {
  it('replaces the parts that vary', () => {
    expect(messageTemplate('timeout after 31ms for user 8812 at https://x.io/a?b=1 (id 3f2a9c01-1b2c-4d5e-8f90-1234567890ab)'))
      .toBe('timeout after <num>ms for user <num> at <url> (id <uuid>)');
    expect(messageTemplate('mail to bob@example.com failed: "quota"')).toBe('mail to <email> failed: <str>');
  });
  it('gives repeats of one error one fingerprint, and different errors different ones', () => {
    const a = ok({ level: 'error', message: 'timeout after 31ms for user 8812' }, { ...ctx, source: 'api' });
    const b = ok({ level: 'ERROR', message: 'timeout after 2ms for user 17', route: '/x' }, { ...ctx, source: 'api' });
    const c = ok({ level: 'error', message: 'disk full' }, { ...ctx, source: 'api' });
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.fingerprint).not.toBe(c.fingerprint);
    expect(fingerprint('api', 'error', 'x')).toMatch(/^[0-9a-f]{16}$/);
  });
});
