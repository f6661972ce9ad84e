import { describe, expect, it } from 'vitest';
import { toLogEvent, type LogEvent } from '@/lib/events';
import { parseSourceThresholds, REPRESENTS_FIELD, STORM_FIELD, StormDetector, topClient, type StormSettings } from './storm-rate';

const settings: StormSettings = { threshold: 100, perSource: {}, keepPerSecond: 10, endAfterMs: 3000, maxKeys: 1000 };

function events(n: number, raw: Record<string, unknown>, source = 'web'): LogEvent[] {
  return Array.from({ length: n }, (_, i) => {
    const r = toLogEvent({ ...raw, seq: i }, { source, receivedAt: 0 });
    if (!r.ok) throw new Error(r.error);
    return r.event;
  });
}
const loop = (n: number, source = 'web') => events(n, { level: 'warn', message: 'Maximum update depth exceeded', sessionId: 's-42' }, source);
/** Normal traffic: many fingerprints (distinct pages), each far below the threshold. */
const normal = (n: number, source = 'web') =>
  Array.from({ length: n }, (_, i) => events(1, { level: 'info', message: `viewed page ${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}` }, source)[0]);
const represented = (kept: LogEvent[]) => kept.reduce((sum, e) => sum + (typeof e.fields[REPRESENTS_FIELD] === 'number' ? (e.fields[REPRESENTS_FIELD] as number) : 1), 0);

describe('storm detection and sampling', () => {
  it('leaves traffic under the threshold untouched', () => {
    const d = new StormDetector(settings);
    const batch = loop(100);
    expect(d.admit(batch, 1000)).toBe(batch);
    expect(batch.every((e) => !(REPRESENTS_FIELD in e.fields))).toBe(true);
    expect(d.drainStarted()).toEqual([]);
  });

  it('samples one fingerprint above its threshold; the kept events of every request add up to what it sent; others are untouched', () => {
    const d = new StormDetector(settings);
    let sent = 0;
    let stored = 0;
    let normalKept = 0;
    for (let b = 0; b < 30; b++) {
      const storm = loop(997);
      const others = normal(40);
      const mixed = [...storm.slice(0, 500), ...others, ...storm.slice(500)];
      const kept = d.admit(mixed, 1000 + b * 100);
      const keptStorm = kept.filter((e) => e.fingerprint === storm[0].fingerprint);
      expect(represented(keptStorm)).toBe(997);
      expect(kept.filter((e) => e.fingerprint !== storm[0].fingerprint)).toEqual(others);
      normalKept += others.length;
      sent += 997;
      stored += keptStorm.length;
    }
    expect(normalKept).toBe(30 * 40);
    const [storm] = d.drainStarted();
    expect(storm).toMatchObject({ source: 'web', level: 'warn', title: 'Maximum update depth exceeded', endedAt: null });
    // The first 100 of the first second fit under the threshold; everything after was sampled.
    expect(storm.kept + storm.dropped).toBe(sent - 100);
    expect(stored).toBe(storm.kept + 100);
    expect(stored).toBeLessThan(sent / 20);
    expect(d.totals.sampledOut).toBe(storm.dropped);
    expect(topClient(storm)).toEqual({ field: 'session.id', value: 's-42', share: 1 });
  });

  it('marks kept events with the storm id and 1 in N sized to the rate', () => {
    const d = new StormDetector(settings);
    d.admit(loop(101), 0);
    const kept = d.admit(loop(1000), 10);
    const [storm] = d.active();
    expect(storm.sampleEvery).toBe(Math.ceil(1101 / 10));
    expect(kept.every((e) => e.fields[STORM_FIELD] === storm.id)).toBe(true);
    expect(kept.map((e) => e.fields[REPRESENTS_FIELD])).toEqual([111, 111, 111, 111, 111, 111, 111, 111, 111, 1000 - 9 * 111]);
  });

  it('ends a storm after it stays calm, and a later flood is a new storm', () => {
    const d = new StormDetector(settings);
    d.admit(loop(500), 0);
    const [first] = d.drainStarted();
    d.admit(loop(50), 1500);
    expect(d.sweep(3500)).toEqual([]);
    const ended = d.sweep(4200);
    expect(ended).toEqual([first]);
    expect(first.endedAt).toBe(4200);
    expect(first.peakRate).toBe(500);
    expect(d.active()).toEqual([]);
    d.admit(loop(500), 10_000);
    const [second] = d.drainStarted();
    expect(second.id).not.toBe(first.id);
  });

  it('applies per-source thresholds; 0 turns the guard off for a source', () => {
    const d = new StormDetector({ ...settings, perSource: { api: 0, web: 20 } });
    expect(d.admit(loop(5000, 'api'), 0)).toHaveLength(5000);
    expect(d.admit(loop(30, 'web'), 0).length).toBeLessThan(30);
    expect(d.admit(loop(50, 'app'), 0)).toHaveLength(50);
  });

  it('tracks a bounded number of keys and counts what it could not track', () => {
    const d = new StormDetector({ ...settings, maxKeys: 10 });
    const many = Array.from({ length: 20 }, (_, i) => events(1, { message: `distinct ${'x'.repeat(i + 1)}` })[0]);
    expect(d.admit(many, 0)).toHaveLength(20);
    expect(d.trackedKeys).toBe(10);
    expect(d.totals.untrackedEvents).toBe(10);
    d.sweep(10_000);
    expect(d.trackedKeys).toBe(0);
  });

  it('reads per-source thresholds from the setting', () => {
    expect(parseSourceThresholds('web:200, api=1000')).toEqual({ web: 200, api: 1000 });
    expect(() => parseSourceThresholds('web:lots')).toThrow(/web:lots/);
  });
});
