import { describe, expect, it } from 'vitest';
import { describeDemo, generateDemo, type DemoEvent, type DemoOptions } from '@/scripts/demo/generate';

const NOW = Date.parse('2026-11-20T15:30:00.000Z'); // a Friday
const CURRENT_WEEK = Date.parse('2026-11-16T00:00:00.000Z');
const DAY = 86_400_000;
const WEEK = 7 * DAY;

type Fields = Record<string, unknown>;

function collect(opts: DemoOptions): DemoEvent[] {
  const all: DemoEvent[] = [];
  for (const batch of generateDemo(opts)) {
    if (batch.length === 0 || batch.length > 5_000) throw new Error(`batch of ${batch.length} events`);
    for (const e of batch) all.push(e);
  }
  return all;
}

/** The event's time in ms, read the way the ingest normalizer would. */
function timeOf(e: DemoEvent): number {
  if (typeof e.event === 'string') return Date.parse(e.event.slice(0, e.event.indexOf(' ')));
  const ts = e.event.timestamp;
  return typeof ts === 'number' ? ts : Date.parse(String(ts));
}

function nested(o: Fields, key: string): unknown {
  const inner = o[key];
  return inner && typeof inner === 'object' ? (inner as Fields).id : undefined;
}

const requestIdOf = (o: Fields): unknown => nested(o, 'request') ?? o.request_id ?? o.requestId;
const userIdOf = (o: Fields): unknown => nested(o, 'user') ?? o.user_id ?? o.userId;
const sessionIdOf = (o: Fields): unknown => nested(o, 'session');

function objects(events: DemoEvent[]): { e: DemoEvent; o: Fields; t: number }[] {
  return events.flatMap((e) => (typeof e.event === 'string' ? [] : [{ e, o: e.event, t: timeOf(e) }]));
}

const events = collect({ now: NOW, scale: 0.05 });
const structured = objects(events);

/** Serializes a run batch by batch, which is cheaper than one huge string. */
function serialized(opts: DemoOptions): string[] {
  return [...generateDemo(opts)].map((batch) => JSON.stringify(batch));
}

describe('generateDemo', () => {
  it('gives exactly the same events for the same now and seed', () => {
    const a = serialized({ now: NOW, seed: 7, scale: 0.01 });
    const b = serialized({ now: NOW, seed: 7, scale: 0.01 });
    expect(b.length).toBe(a.length);
    expect(b.every((batch, i) => batch === a[i])).toBe(true);
    const other = generateDemo({ now: NOW, seed: 8, scale: 0.01 }).next().value;
    expect(JSON.stringify(other)).not.toBe(a[0]);
  });

  it('keeps every timestamp within [now - 9 weeks, now], in time order', () => {
    let previous = -Infinity;
    let outOfOrder = 0;
    let outOfRange = 0;
    for (const e of events) {
      const t = timeOf(e);
      if (!(t >= NOW - 9 * WEEK && t <= NOW)) outOfRange++;
      if (t < previous) outOfOrder++;
      previous = t;
    }
    expect(outOfRange).toBe(0);
    expect(outOfOrder).toBe(0);
    expect(timeOf(events[0])).toBeGreaterThanOrEqual(CURRENT_WEEK - 8 * WEEK);
  });

  it('emits every source, with mixed field spellings', () => {
    const sources = new Set(events.map((e) => e.source));
    expect([...sources].sort()).toEqual(['api', 'app', 'batch', 'web']);
    const levels = new Set(structured.map(({ o }) => o.level));
    for (const level of ['INFO', 'info', 'Warning', 'ERROR', 'error']) expect(levels).toContain(level);
    const keys = new Set(structured.flatMap(({ o }) => Object.keys(o)));
    for (const key of ['user', 'user_id', 'userId', 'request', 'request_id', 'requestId']) expect(keys).toContain(key);
    expect(events.some((e) => typeof e.event === 'string')).toBe(true);
    expect(structured.some(({ o }) => typeof o.timestamp === 'number')).toBe(true);
    expect(structured.some(({ o }) => typeof o.timestamp === 'string')).toBe(true);
  });

  it('has about 4 000 assignment-dashboard uses a week for five weeks, then about 43 000', () => {
    const perWeek = new Map<number, number>();
    const users = new Map<number, Set<unknown>>();
    for (const { o, t } of structured) {
      if (o.event !== 'feature_used' || o.feature !== 'assignment-dashboard') continue;
      const week = Math.floor((t - CURRENT_WEEK) / WEEK);
      perWeek.set(week, (perWeek.get(week) ?? 0) + 1);
      if (!users.has(week)) users.set(week, new Set());
      users.get(week)?.add(userIdOf(o));
    }
    expect(perWeek.get(-8) ?? 0).toBe(0);
    expect(perWeek.get(-7) ?? 0).toBe(0);
    for (const week of [-6, -5, -4, -3, -2]) {
      expect(perWeek.get(week)).toBeGreaterThanOrEqual(3_600);
      expect(perWeek.get(week)).toBeLessThanOrEqual(4_400);
    }
    expect(perWeek.get(-1)).toBeGreaterThanOrEqual(38_700);
    expect(perWeek.get(-1)).toBeLessThanOrEqual(47_300);
    // The current week (Monday to Friday afternoon) continues at the new rate.
    expect(perWeek.get(0)).toBeGreaterThan(20_000);
    expect(perWeek.get(0)).toBeLessThan(43_000);
    expect(users.get(-1)?.size ?? 0).toBeGreaterThan(3 * (users.get(-2)?.size ?? 0));
  });

  it('gives every client error with a request id a failed api call just before it, after a click', () => {
    const api5xx = new Map<unknown, number>();
    for (const { e, o, t } of structured) if (e.source === 'api' && Number(o.status) >= 500) api5xx.set(requestIdOf(o), t);
    const lastInSession = new Map<unknown, Fields>();
    let checked = 0;
    let withoutSession = 0;
    for (const { e, o, t } of structured) {
      if (e.source !== 'web' && e.source !== 'app') continue;
      const session = sessionIdOf(o);
      if (typeof session !== 'string') withoutSession++;
      const requestId = requestIdOf(o);
      if (o.event === 'error' && requestId !== undefined) {
        const apiTime = api5xx.get(requestId);
        expect(apiTime, `api 5xx for ${String(requestId)}`).toBeDefined();
        expect(t - (apiTime ?? 0)).toBeGreaterThan(0);
        expect(t - (apiTime ?? 0)).toBeLessThan(1_000);
        expect(lastInSession.get(session)?.event).toBe('click');
        checked++;
      }
      lastInSession.set(session, o);
    }
    expect(withoutSession).toBe(0);
    expect(checked).toBeGreaterThan(300);
  });

  it('has one log storm: at least 10 000 identical lines from one session within 6 minutes', () => {
    const bySession = new Map<string, number[]>();
    for (const { o, t } of structured) {
      if (o.level !== 'warn') continue;
      const key = `${String(sessionIdOf(o))}\n${String(o.message)}`;
      const times = bySession.get(key) ?? [];
      times.push(t);
      bySession.set(key, times);
    }
    const storms = [...bySession.values()].filter((times) => times.length >= 10_000);
    expect(storms).toHaveLength(1);
    const times = storms[0];
    expect(times[times.length - 1] - times[0]).toBeLessThanOrEqual(6 * 60_000);
    const start = times[0];
    expect(Math.abs(NOW - start - 10 * DAY)).toBeLessThan(2 * DAY);
  });

  it('handles now exactly at the start of a week', () => {
    const monday = CURRENT_WEEK;
    const small = collect({ now: monday, scale: 0.01 });
    expect(small.length).toBeGreaterThan(0);
    const outOfRange = small.filter((e) => !(timeOf(e) >= monday - 8 * WEEK && timeOf(e) <= monday));
    expect(outOfRange).toHaveLength(0);
  });
});

describe('describeDemo', () => {
  it('describes the data as markdown', () => {
    const text = describeDemo();
    expect(text).toContain('assignment-dashboard');
    expect(text).toMatch(/^- \*\*/m);
  });
});
