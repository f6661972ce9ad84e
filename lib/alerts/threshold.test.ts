import { describe, expect, it } from 'vitest';
import { parse, type Query } from '@/lib/query';
import { ALL_GROUP, breaches, checkMeasure, measureGroups, queryShape, windowState } from './threshold';

const q = (text: string): Query => {
  const r = parse(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.query;
};
const stats = { recordsMatched: 0, recordsScanned: 0 };

describe('reading a query result as one number per group', () => {
  it('knows the group and value columns of the last stats, leaving bins out', () => {
    expect(queryShape(q('filter level = "error" | stats count(*) as n, avg(duration_ms) by route, bin(5m)'))).toEqual({ hasStats: true, groupColumns: ['route'], valueColumns: ['n', 'avg(duration_ms)'] });
    expect(queryShape(q('filter status >= 500'))).toEqual({ hasStats: false, groupColumns: [], valueColumns: [] });
  });

  it('without stats: count is the events matched, pct their share of the events scanned', () => {
    const shape = queryShape(q('filter level = "error" | limit 10'));
    const result = { rows: [{}, {}], statistics: { recordsMatched: 40, recordsScanned: 800 } };
    expect(measureGroups(result, shape, { measure: 'count', column: null })).toEqual(new Map([[ALL_GROUP, 40]]));
    expect(measureGroups(result, shape, { measure: 'pct', column: null })).toEqual(new Map([[ALL_GROUP, 5]]));
    expect(measureGroups({ rows: [], statistics: { recordsMatched: 0, recordsScanned: 0 } }, shape, { measure: 'pct', column: null }).size).toBe(0);
    expect(checkMeasure(shape, { measure: 'avg', column: null })).toMatch(/avg needs a stats query/);
  });

  it('with stats: count sums, avg averages and pct shares the chosen column per group, over bins', () => {
    const shape = queryShape(q('stats count(*) as n, avg(duration_ms) as ms by route, bin(1m)'));
    const rows = [
      { route: '/a', 'bin(1m)': 't1', n: 30, ms: 100 },
      { route: '/a', 'bin(1m)': 't2', n: 10, ms: 300 },
      { route: '/b', 'bin(1m)': 't1', n: 60, ms: 50 },
    ];
    expect(measureGroups({ rows, statistics: stats }, shape, { measure: 'count', column: null })).toEqual(new Map([['route=/a', 40], ['route=/b', 60]]));
    expect(measureGroups({ rows, statistics: stats }, shape, { measure: 'avg', column: 'ms' })).toEqual(new Map([['route=/a', 200], ['route=/b', 50]]));
    expect(measureGroups({ rows, statistics: stats }, shape, { measure: 'pct', column: 'n' })).toEqual(new Map([['route=/a', 40], ['route=/b', 60]]));
    expect(checkMeasure(shape, { measure: 'avg', column: 'p99' })).toMatch(/not "p99"/);
    expect(checkMeasure(queryShape(q('stats count(*)')), { measure: 'pct', column: null })).toMatch(/pct compares groups/);
  });

  it('fires after n of the last m windows, reports no data when none of them had any', () => {
    expect(windowState([true, false, true], 2, 3)).toBe('ALERT');
    expect(windowState([true, false, false], 2, 3)).toBe('OK');
    expect(windowState([true, true, false, false, false], 2, 3)).toBe('OK');
    expect(windowState([true, null, null, null], 1, 3)).toBe('NO_DATA');
    expect(windowState([null, true], 1, 1)).toBe('ALERT');
    expect(breaches(5, 'above', 5)).toBe(false);
    expect(breaches(4.9, 'below', 5)).toBe(true);
  });
});
