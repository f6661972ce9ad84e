import { describe, expect, it } from 'vitest';
import { autoBin, describeRange, parseRangeParams, rangeToParams, resolveRange } from './range';

describe('time ranges', () => {
  it('resolves relative ranges against now', () => {
    expect(resolveRange({ kind: 'relative', last: '15m' }, 1_000_000_000)).toEqual({ start: 1_000_000_000 - 900_000, end: 1_000_000_000 });
  });
  it('round-trips through URL parameters', () => {
    const abs = { kind: 'absolute' as const, start: Date.UTC(2026, 10, 1), end: Date.UTC(2026, 10, 2) };
    expect(parseRangeParams(rangeToParams(abs))).toEqual(abs);
    expect(parseRangeParams({ last: '7d' })).toEqual({ kind: 'relative', last: '7d' });
    expect(parseRangeParams({ last: 'forever' })).toEqual({ kind: 'relative', last: '24h' });
    expect(parseRangeParams({ start: '2026-11-02', end: '2026-11-01' })).toEqual({ kind: 'relative', last: '24h' });
  });
  it('describes ranges in words and picks histogram bins', () => {
    expect(describeRange({ kind: 'relative', last: '24h' })).toBe('Last 24 hours');
    expect(describeRange({ kind: 'relative', last: '1h' })).toBe('Last hour');
    expect(autoBin(15 * 60_000)).toBe('1m');
    expect(autoBin(86_400_000)).toBe('30m');
    expect(autoBin(56 * 86_400_000)).toBe('1d');
  });
});
