import { describe, expect, it } from 'vitest';
import { messageText, sanitize } from './sanitize';

const limits = { maxStringLength: 100, maxDepth: 8, maxKeys: 50 };

describe('sanitize: whatever an app logs becomes JSON without throwing', () => {
  it('marks cycles but keeps shared references', () => {
    const shared = { id: 1 };
    const a: Record<string, unknown> = { shared, again: shared };
    a.self = a;
    expect(sanitize(a, limits)).toEqual({ shared: { id: 1 }, again: { id: 1 }, self: '[Circular]' });
  });

  it('keeps what an Error carries: name, message, stack, own fields and cause', () => {
    const cause = new RangeError('inner');
    const err = Object.assign(new TypeError('outer', { cause }), { code: 'E_PAY', status: 502n });
    const out = sanitize(err, limits) as Record<string, unknown>;
    expect(out).toMatchObject({ name: 'TypeError', message: 'outer', code: 'E_PAY', status: '502', cause: { name: 'RangeError', message: 'inner' } });
    expect(String(out.stack)).toContain('TypeError: outer');
  });

  it('turns BigInt, functions, symbols, NaN, dates, maps, sets and binary data into text or JSON', () => {
    const out = sanitize(
      { big: 2n ** 70n, fn: function render() {}, arrow: () => 1, sym: Symbol('s'), nan: NaN, inf: -Infinity, when: new Date(0), bad: new Date('x'), m: new Map([[1, 'a']]), s: new Set([1, 2]), bytes: new Uint8Array(12), u: undefined },
      limits,
    );
    expect(out).toEqual({ big: '1180591620717411303424', fn: '[Function render]', arrow: '[Function arrow]', sym: 'Symbol(s)', nan: 'NaN', inf: '-Infinity', when: '1970-01-01T00:00:00.000Z', bad: null, m: { 1: 'a' }, s: [1, 2], bytes: '[Uint8Array 12 bytes]' });
  });

  it('cuts huge strings, deep nesting and wide objects, saying how much was cut', () => {
    expect(sanitize('x'.repeat(1000), limits)).toBe(`${'x'.repeat(100)}…[+900 chars]`);
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 20; i++) deep = { d: deep };
    expect(JSON.stringify(sanitize(deep, limits))).toContain('"[Object]"');
    const wide = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`k${i}`, i]));
    const out = sanitize(wide, limits) as Record<string, unknown>;
    expect(Object.keys(out)).toHaveLength(51);
    expect(out['…']).toBe('+30 more keys');
    expect((sanitize(Array.from({ length: 70 }, (_, i) => i), limits) as unknown[]).at(-1)).toBe('[+20 more]');
  });

  it('survives throwing getters, hostile Proxies and toJSON that throws', () => {
    const getter = Object.defineProperty({ ok: 1 }, 'boom', { enumerable: true, get: () => { throw new Error('no'); } });
    const proxy = new Proxy({}, { ownKeys: () => { throw new Error('trap'); } });
    const badJson = { toJSON: () => { throw new Error('nope'); } };
    expect(sanitize({ getter, proxy, badJson }, limits)).toEqual({ getter: { ok: 1, boom: '[Unreadable]' }, proxy: '[Unreadable]', badJson: '[Unreadable]' });
  });

  it('gives any message as text', () => {
    expect(messageText(new Error('boom'), limits)).toBe('boom');
    expect(messageText({ a: 1n }, limits)).toBe('{"a":"1"}');
    expect(messageText(undefined, limits)).toBe('undefined');
    expect(messageText(Symbol('x'), limits)).toBe('Symbol(x)');
  });
});
