import { describe, expect, it } from 'vitest';
import { parse } from '../query/parser';
import { groupMarkers } from './markers';
import { timeTicks } from './ticks';
import { chartModel, formatMeasure, measureKinds, OTHER, singleValue, type MeasureKinds } from './series';

const q = (text: string) => {
  const r = parse(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.query;
};
const counted = (name: string): MeasureKinds => ({ additive: new Set([name]), zeroWhenEmpty: new Set([name]) });
const NONE: MeasureKinds = { additive: new Set(), zeroWhenEmpty: new Set() };
const ts = (h: number) => `2026-11-30 ${String(h).padStart(2, '0')}:00:00.000`;

describe('chart model', () => {
  it('knows which measures add up and which are zero in an empty bin', () => {
    const k = measureKinds(q('stats count(*) as n, avg(x) as a, sum(y), pct(d, 95) as p, count_distinct(u) as users by route'));
    expect([...k.additive]).toEqual(['n', 'sum(y)']);
    expect([...k.zeroWhenEmpty]).toEqual(['n', 'sum(y)', 'users']);
    expect([...measureKinds(q('stats 100 * sum(e) / count(*) as rate')).additive]).toEqual([]);
    expect(measureKinds(null).additive.size).toBe(0);
  });

  it('draws a counted time series with the top series and an "other" line, gaps as zero', () => {
    const rows = [];
    for (let s = 0; s < 10; s++) for (const h of [1, 2]) if (!(s === 0 && h === 2)) rows.push({ 'bin(1h)': ts(h), feature: `f${s}`, uses: s === 0 ? 1000 : (10 - s) * 10 });
    const m = chartModel(['bin(1h)', 'feature', 'uses'], rows, counted('uses'));
    expect(m.kind).toBe('time');
    if (m.kind !== 'time') return;
    expect(m.series.map((s) => s.key)).toEqual(['f0', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', OTHER]);
    expect(m.points).toHaveLength(2);
    expect(m.points[0]).toMatchObject({ t: Date.parse('2026-11-30T01:00:00Z'), f0: 1000, [OTHER]: 20 + 10 });
    expect(m.points[1].f0).toBe(0);
    expect(m.hidden).toBe(0);
  });

  it('never sums percentiles into "other": extra series are hidden and counted', () => {
    const rows = Array.from({ length: 12 }, (_, i) => ({ 'bin(1h)': ts(1), route: `/r${i}`, p95: 100 + i }));
    const m = chartModel(['bin(1h)', 'route', 'p95'], rows, NONE);
    if (m.kind !== 'time') throw new Error(m.kind);
    expect(m.series.map((s) => s.key)).not.toContain(OTHER);
    expect(m.series).toHaveLength(8);
    expect(m.hidden).toBe(4);
    expect(m.series[0].key).toBe('/r11');
  });

  it('draws bars for grouped results, folding only additive measures', () => {
    const rows = Array.from({ length: 25 }, (_, i) => ({ page: `p${i}`, errors: 25 - i }));
    const m = chartModel(['page', 'errors'], rows, counted('errors'));
    if (m.kind !== 'category') throw new Error(m.kind);
    expect(m.bars).toHaveLength(21);
    expect(m.bars[20]).toEqual({ label: 'other (5)', errors: 5 + 4 + 3 + 2 + 1 });
    const avg = chartModel(['page', 'ms'], rows.map((r) => ({ page: r.page, ms: r.errors })), NONE);
    expect(avg.kind === 'category' && avg.bars).toHaveLength(20);
  });

  it('keeps one colour per name when the page asks for it', () => {
    const rows = [{ 'bin(1h)': ts(1), feature: 'b', uses: 1 }, { 'bin(1h)': ts(1), feature: 'a', uses: 5 }];
    const m = chartModel(['bin(1h)', 'feature', 'uses'], rows, { ...counted('uses'), colorOf: (name) => (name === 'a' ? 'red' : 'blue') });
    expect(m.kind === 'time' && m.series).toEqual([{ key: 'a', color: 'red' }, { key: 'b', color: 'blue' }]);
  });

  it('says why there is nothing to draw', () => {
    expect(chartModel(['message'], [{ message: 'x' }], NONE)).toMatchObject({ kind: 'none', reason: expect.stringMatching(/table/) });
    expect(chartModel(['n'], [], NONE)).toMatchObject({ kind: 'none' });
  });

  it('reads a single number and formats measures', () => {
    expect(singleValue(['route', 'n'], [{ route: '/a', n: 12 }])).toEqual({ field: 'n', value: 12 });
    expect(singleValue(['route'], [{ route: '/a' }])).toBeNull();
    expect(formatMeasure(43200)).toBe('43,200');
    expect(formatMeasure(1.2345, '%')).toBe('1.23 %');
    expect(formatMeasure(43200, 'ms', true)).toBe('43.2K ms');
  });
});

describe('bars and markers', () => {
  it('puts unlike measures on one axis only when they add up', () => {
    const rows = [{ route: '/a', p95: 900, requests: 10 }, { route: '/b', p95: 100, requests: 500 }];
    const m = chartModel(['route', 'p95', 'requests'], rows, NONE);
    expect(m.kind === 'category' && m.measures.map((x) => x.key)).toEqual(['p95']);
    const counts = chartModel(['route', 'requests', 'errors'], rows.map((r) => ({ route: r.route, requests: r.requests, errors: 1 })), { additive: new Set(['requests', 'errors']), zeroWhenEmpty: new Set() });
    expect(counts.kind === 'category' && counts.measures.map((x) => x.key)).toEqual(['requests', 'errors']);
  });

  it('merges markers too close to label apart, and drops those outside the chart', () => {
    const day = 86_400_000;
    const markers = [
      { id: 'a', at: 10 * day, label: 'app 4.12.0' },
      { id: 'b', at: 10 * day + 3_600_000, label: 'hotfix' },
      { id: 'c', at: 20 * day, label: 'release' },
      { id: 'd', at: 99 * day, label: 'later' },
    ];
    expect(groupMarkers(markers, [0, 30 * day])).toEqual([
      { id: 'a', at: 10 * day, label: 'app 4.12.0, hotfix' },
      { id: 'c', at: 20 * day, label: 'release' },
    ]);
  });
});

describe('time axes', () => {
  it('fills bins with no row as zero for counts, never for averages or uneven bins', () => {
    const rows = [{ 'bin(1h)': ts(1), n: 3 }, { 'bin(1h)': ts(4), n: 5 }];
    const m = chartModel(['bin(1h)', 'n'], rows, { ...measureKinds(q('stats count(*) as n by bin(1h)')) });
    expect(m.kind === 'time' && m.points.map((p) => p.n)).toEqual([3, 0, 0, 5]);
    // Without the query, the spacing is read off the rows.
    const evenly = chartModel(['bin(1h)', 'n'], [...rows, { 'bin(1h)': ts(5), n: 1 }], counted('n'));
    expect(evenly.kind === 'time' && evenly.points.map((p) => p.n)).toEqual([3, 0, 0, 5, 1]);
    const avg = chartModel(['bin(1h)', 'n'], rows, NONE);
    expect(avg.kind === 'time' && avg.points.map((p) => p.n)).toEqual([3, 5]);
  });

  it('puts ticks on round local times and labels days', () => {
    const start = Date.parse('2026-11-23T05:00:00Z'); // Monday 00:00 in New York
    const week = timeTicks(start, start + 7 * 86_400_000, 'America/New_York');
    expect(week.map((t) => t.label)).toEqual(['Nov 23', 'Nov 24', 'Nov 25', 'Nov 26', 'Nov 27', 'Nov 28', 'Nov 29', 'Nov 30']);
    const day = timeTicks(Date.parse('2026-11-30T10:20:00Z'), Date.parse('2026-12-01T08:00:00Z'), 'UTC');
    expect(day.map((t) => t.label)).toEqual(['12:00', '15:00', '18:00', '21:00', 'Dec 1', '03:00', '06:00']);
    expect(timeTicks(Date.parse('2026-09-01T00:00:00Z'), Date.parse('2026-11-30T00:00:00Z'), 'UTC').every((t) => new Date(t.t).getUTCDay() === 1)).toBe(true);
  });
});

describe('what charts must not claim', () => {
  it('never fills calendar bins, never stacks percentiles, and reads day bins in UTC', () => {
    const months = [{ 'bin(1mo)': '2026-09-01 00:00:00.000', n: 1 }, { 'bin(1mo)': '2026-11-01 00:00:00.000', n: 2 }];
    const m = chartModel(['bin(1mo)', 'n'], months, { ...measureKinds(q('stats count(*) as n by bin(1mo)')) });
    expect(m.kind === 'time' && m.points.map((p) => p.n)).toEqual([1, 2]);
    const p95 = chartModel(['bin(1d)', 'route', 'p'], [{ 'bin(1d)': ts(0), route: '/a', p: 5 }], measureKinds(q('stats pct(d, 95) as p by route, bin(1d)')));
    expect(p95).toMatchObject({ kind: 'time', stackable: false, utcBins: true });
    const hourly = chartModel(['bin(1h)', 'n'], [{ 'bin(1h)': ts(1), n: 1 }], measureKinds(q('stats count(*) as n by bin(1h)')));
    expect(hourly).toMatchObject({ stackable: true, utcBins: false });
  });

  it('keeps a null measure as no bar, and a column of nulls is no time axis', () => {
    const m = chartModel(['route', 'avg_ms'], [{ route: '/a', avg_ms: null }, { route: '/b', avg_ms: 4 }], NONE);
    expect(m.kind === 'category' && m.bars).toEqual([{ label: '/b', avg_ms: 4 }, { label: '/a', avg_ms: null }]);
    const none = chartModel(['missing', 'n'], [{ missing: null, n: 3 }], counted('n'));
    expect(none.kind).toBe('category');
  });

  it('reads one number only from a one-row result', () => {
    expect(singleValue(['bin(1h)', 'n'], [{ 'bin(1h)': ts(1), n: 1 }, { 'bin(1h)': ts(2), n: 2 }])).toBeNull();
  });
});
