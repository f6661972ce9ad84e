import { describe, expect, it } from 'vitest';
import { BurstTracker, type Observation } from './bursts';

const S = 1000;
const policy = { quietMs: 3600 * S, resolveAfterMs: 300 * S, updateEveryMs: 60 * S };
const obs = (at: number, count = 1, fingerprint = 'f1'): Observation => ({
  fingerprint, source: 'api', level: 'error', title: 'payment failed', count, firstAt: at, lastAt: at, minTs: at, maxTs: at, sample: null,
});

describe('bursts of one fingerprint', () => {
  it('a new fingerprint alerts once; more events grow the burst without alerting', () => {
    const t = new BurstTracker(policy);
    expect(t.observe(obs(0, 1000))?.kind).toBe('alert');
    t.notified('f1', 0);
    for (let i = 1; i <= 4; i++) expect(t.observe(obs(i * S, 1000))).toBeNull();
    expect(t.get('f1')).toMatchObject({ state: 'ALERT', count: 5000, burstStart: 0, lastSeen: 4 * S, cause: 'new' });
  });

  it('proposes an update only after the interval, only when the count grew, only when the cap allows', () => {
    const t = new BurstTracker(policy);
    t.observe(obs(0, 10));
    t.notified('f1', 0);
    t.observe(obs(10 * S, 5));
    expect(t.due(30 * S, () => true)).toEqual([]);
    expect(t.due(61 * S, () => false)).toEqual([]);
    const [u] = t.due(61 * S, () => true);
    expect(u).toMatchObject({ kind: 'update', added: 5 });
    t.notified('f1', 61 * S);
    expect(t.due(200 * S, () => true)).toEqual([]);
  });

  it('resolves after the resolve delay without events, and stays quiet for repeats within the quiet period', () => {
    const t = new BurstTracker(policy);
    t.observe(obs(0, 3));
    t.notified('f1', 0);
    expect(t.due(299 * S, () => true)).toEqual([]);
    const [r] = t.due(300 * S, () => true);
    expect(r).toMatchObject({ kind: 'resolve', group: { state: 'OK', count: 3 } });
    expect(t.observe(obs(400 * S))).toBeNull();
    expect(t.get('f1')).toMatchObject({ state: 'OK', sinceClear: 1 });
  });

  it('a fingerprint back after the quiet period is a regression and alerts again', () => {
    const t = new BurstTracker(policy);
    t.observe(obs(0));
    t.due(300 * S, () => true);
    const back = t.observe(obs(3600 * S + 1, 7));
    expect(back).toMatchObject({ kind: 'alert', group: { cause: 'regression', quietForMs: 3600 * S + 1, count: 7, state: 'ALERT' } });
  });

  it('keeps memory bounded by forgetting the quiet groups seen longest ago', () => {
    const t = new BurstTracker(policy, 100);
    for (let i = 0; i < 100; i++) t.observe(obs(i, 1, `f${i}`));
    t.due(10_000 * S, () => true);
    for (let i = 100; i < 200; i++) t.observe(obs(10_000 * S + i, 1, `f${i}`));
    expect(t.size).toBeLessThanOrEqual(110);
    expect(t.get('f199')).toBeDefined();
    expect(t.get('f0')).toBeUndefined();
  });

  it('hands changed groups to persistence once', () => {
    const t = new BurstTracker(policy);
    t.observe(obs(0, 1, 'a'));
    t.observe(obs(0, 1, 'b'));
    expect(t.drainDirty().map((g) => g.key).sort()).toEqual(['a', 'b']);
    expect(t.drainDirty()).toEqual([]);
  });
});
