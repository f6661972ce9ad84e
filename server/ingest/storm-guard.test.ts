import { describe, expect, it } from 'vitest';
import { toLogEvent, type LogEvent } from '@/lib/events';
import type { StormReport } from '@/lib/alerts/storm';
import { StormGuard } from './storm-guard';
import { REPRESENTS_FIELD, type StormSettings } from './storm-rate';

/**
 * The guard as the consumer Lambda and `logline worker` build it: `new StormGuard(settings).guard`,
 * never started (no timer, no meta). The clock is the test's.
 */
const settings: StormSettings = { threshold: 100, perSource: {}, keepPerSecond: 10, endAfterMs: 3000, maxKeys: 1000 };

function events(n: number, raw: Record<string, unknown>): LogEvent[] {
  return Array.from({ length: n }, (_, i) => {
    const r = toLogEvent({ ...raw, seq: i }, { source: 'web', receivedAt: 0 });
    if (!r.ok) throw new Error(r.error);
    return r.event;
  });
}
const loop = (n: number) => events(n, { level: 'warn', message: 'Maximum update depth exceeded', sessionId: 's-42' });
const pages = (n: number) => Array.from({ length: n }, (_, i) => events(1, { level: 'info', message: `viewed page p${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}` })[0]);

describe('a storm guard that is never started (Lambda, worker)', () => {
  it('ends a storm once its key calms down, and keeps later events whole', () => {
    let now = 10_000;
    const reports: StormReport[] = [];
    const guard = new StormGuard(settings, { clock: () => now, onStorm: (r) => reports.push(r) });
    expect(guard.guard(loop(1000)).length).toBeLessThan(1000);
    expect(guard.active()).toHaveLength(1);
    // Calm: a few events a second, well under the threshold, for longer than endAfterMs.
    for (let s = 1; s <= 5; s++) {
      now += 1000;
      guard.guard(loop(3));
    }
    expect(guard.active()).toEqual([]);
    expect(reports.filter((r) => r.phase === 'ended').map((r) => r.title)).toEqual(['Maximum update depth exceeded']);
    now += 1000;
    const later = loop(5);
    const kept = guard.guard(later);
    expect(kept).toHaveLength(5);
    expect(kept.every((e) => !(REPRESENTS_FIELD in e.fields))).toBe(true);
    expect(guard.totals().storms).toBe(1);
  });

  it('forgets idle keys, so memory stays bounded by recent traffic', () => {
    let now = 10_000;
    const guard = new StormGuard(settings, { clock: () => now });
    guard.guard(pages(500));
    expect(guard.totals().trackedKeys).toBe(500);
    now += 10_000;
    guard.guard(loop(1));
    expect(guard.totals().trackedKeys).toBe(1);
  });

  it('sweeps at most once a second, not on every request', () => {
    let now = 10_000;
    const guard = new StormGuard(settings, { clock: () => now });
    guard.guard(pages(50));
    now += 2999;
    guard.guard(loop(1));
    // Idle keys go after 2 s of silence; the sweep on this request removed them.
    expect(guard.totals().trackedKeys).toBe(1);
    guard.guard(pages(50));
    now += 1500;
    guard.guard(loop(1));
    expect(guard.totals().trackedKeys).toBe(51);
    // The pages have been idle 2.4 s, but the last sweep was 0.9 s ago: none yet.
    now += 900;
    guard.guard(loop(1));
    expect(guard.totals().trackedKeys).toBe(51);
    now += 100;
    guard.guard(loop(1));
    expect(guard.totals().trackedKeys).toBe(1);
  });
});
