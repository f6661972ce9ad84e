import { describe, expect, it } from 'vitest';
import { RepeatGuard } from './guard';

const options = { windowMs: 2000, burst: 3, perSecond: 1, quietMs: 1000, summaryIntervalMs: 10_000 };
const key = (m: string) => RepeatGuard.key('warn', m, undefined);

describe('RepeatGuard', () => {
  it('folds identical events within the window into one summary', () => {
    const g = new RepeatGuard(options);
    const admitted = Array.from({ length: 1000 }, (_, i) => g.admit(key('loop'), '{"m":"loop"}', 1000 + i, 'warn', 'loop', undefined));
    expect(admitted.filter(Boolean)).toHaveLength(1);
    expect(g.due(1999, false)).toEqual([]); // still repeating
    expect(g.due(3000, false)).toEqual([{ level: 'warn', message: 'loop', event: undefined, count: 999, first: 1001, last: 1999 }]);
    expect(g.pending).toBe(false);
  });

  it('folds a loop of two alternating events (render, warning, render, …)', () => {
    const g = new RepeatGuard(options);
    let sent = 0;
    for (let i = 0; i < 500; i++) {
      if (g.admit(key('render'), 'r', i, 'warn', 'render', undefined)) sent++;
      if (g.admit(key('depth exceeded'), 'd', i, 'warn', 'depth exceeded', undefined)) sent++;
    }
    expect(sent).toBe(2);
    expect(g.due(10_000, true).map((s) => s.count).sort()).toEqual([499, 499]);
  });

  it('keeps a repeating event recognized while many distinct events pass in between', () => {
    const g = new RepeatGuard({ ...options, burst: Infinity });
    let warnings = 0;
    for (let i = 0; i < 100; i++) {
      g.admit(key(`step ${i}`), `{"i":${i}}`, i, 'info', `step ${i}`, undefined);
      if (g.admit(key('depth exceeded'), 'd', i, 'warn', 'depth exceeded', undefined)) warnings++;
    }
    expect(warnings).toBe(1);
  });

  it('lets identical events through again when they are further apart than the window', () => {
    const g = new RepeatGuard({ ...options, burst: 100 });
    expect([0, 2500, 5000].map((t) => g.admit(key('heartbeat'), 'h', t, 'warn', 'heartbeat', undefined))).toEqual([true, true, true]);
  });

  it('rate-limits one fingerprint whose fields change (counters, ids) with a token bucket', () => {
    const g = new RepeatGuard(options);
    const at = (t: number, n: number) => g.admit(key(`render ${n}`), `{"n":${n}}`, t, 'warn', `render ${n}`, undefined);
    expect([1, 2, 3, 4, 5].map((n) => at(0, n))).toEqual([true, true, true, false, false]);
    expect(at(999, 6)).toBe(false);
    expect(at(1000, 7)).toBe(true); // one token back after a second
    expect(g.admit(key('other'), 'o', 1000, 'warn', 'other', undefined)).toBe(true); // other fingerprints unaffected
    expect(g.due(5000, false)).toEqual([expect.objectContaining({ message: 'render 4', count: 3 })]);
  });

  it('summarizes a loop that never stops every summaryInterval', () => {
    const g = new RepeatGuard(options);
    g.admit(key('x'), 'x', 0, 'warn', 'x', undefined);
    const counts: number[] = [];
    for (let t = 1; t <= 25_000; t += 10) {
      g.admit(key('x'), 'x', t, 'warn', 'x', undefined);
      counts.push(...g.due(t, false).map((s) => s.count));
    }
    counts.push(...g.due(25_001, true).map((s) => s.count));
    expect(counts.length).toBe(3);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(2500);
  });
});
