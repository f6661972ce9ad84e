import { describe, expect, it } from 'vitest';
import { EMPTY_BUILDER, fromQuery, toQuery, type BuilderState } from './builder';
import { parse, print, stripSpans } from './index';

function q(text: string) {
  const r = parse(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.query;
}

const state = (s: Partial<BuilderState>): BuilderState => ({ ...EMPTY_BUILDER, ...s });

describe('builder model: chips and aggregation ⇄ AST', () => {
  it('builds "errors per route per hour" from clicks', () => {
    const s = state({
      filters: [{ field: 'level', op: '=', value: 'error', negated: false, disabled: false }],
      aggregations: [{ fn: 'count' }],
      groupBy: ['route'],
      bin: '1h',
    });
    expect(print(toQuery(s))).toBe('filter level = "error"\n| stats count(*) by route, bin(1h)');
  });

  it('writes every operator, negation, numbers and lists', () => {
    const s = state({
      filters: [
        { field: 'status', op: '>=', value: '500', negated: false, disabled: false },
        { field: '@message', op: 'contains', value: 'timeout', negated: true, disabled: false },
        { field: 'route', op: 'matches', value: '(?i)/checkout', negated: false, disabled: false },
        { field: 'method', op: 'in', value: ['GET', 'POST'], negated: false, disabled: false },
        { field: 'user.id', op: 'exists', value: '', negated: false, disabled: false },
        { field: 'feature', op: '!=', value: 'legacy', negated: false, disabled: true },
      ],
      aggregations: [{ fn: 'pct', field: 'duration_ms', percentile: 95, alias: 'p95' }],
      groupBy: ['route'],
      sort: { field: 'p95', order: 'desc' },
      limit: 20,
    });
    expect(print(toQuery(s))).toBe(
      'filter status >= 500 and not @message like "timeout" and route =~ /(?i)\\/checkout/ and method in ["GET", "POST"] and ispresent(user.id)\n| stats pct(duration_ms, 95) as p95 by route\n| sort p95 desc\n| limit 20',
    );
  });

  it('reads back what it writes (disabled chips aside)', () => {
    const s = state({
      filters: [
        { field: 'level', op: '=', value: 'error', negated: false, disabled: false },
        { field: 'status', op: '<', value: '300', negated: true, disabled: false },
        { field: 'page', op: 'in', value: ['Gradebook', 'Home'], negated: false, disabled: false },
      ],
      aggregations: [{ fn: 'count_distinct', field: 'user.id' }, { fn: 'count' }],
      bin: '1w',
      sort: { field: 'bin(1w)', order: 'asc' },
      limit: 100,
    });
    const back = fromQuery(q(print(toQuery(s))));
    expect(back).toEqual({ ok: true, state: { ...s, sort: { field: 'bin(1w)', order: 'asc' } } });
  });

  it('shows typed QL as chips', () => {
    const r = fromQuery(q('fields @timestamp, route | filter level = "error" and duration_ms > 1000 | filter @message like "db" | sort duration_ms asc | limit 50'));
    expect(r).toMatchObject({
      ok: true,
      state: {
        fields: ['@timestamp', 'route'],
        filters: [
          { field: 'level', op: '=', value: 'error' },
          { field: 'duration_ms', op: '>', value: '1000' },
          { field: '@message', op: 'contains', value: 'db' },
        ],
        sort: { field: 'duration_ms', order: 'asc' },
        limit: 50,
      },
    });
  });

  it.each([
    ['parse @message "* *" as a, b', /cannot show `parse`/],
    ['filter level = "error" or status >= 500', /cannot show the condition `level = "error" or status >= 500`/],
    ['stats avg(duration_ms) * 2 as x', /cannot show the aggregation/],
    ['stats count(*) by bin(1h) offset 30m', /offset/],
    ['sort a desc, b asc', /one field/],
    ['limit any 5', /limit any/],
    ['sort x | filter y = 1', /order fields, filter, stats, sort, limit/],
    ['filter status = "200"', /cannot show the condition/],
    ['stats count(*) by substr(route, 0, 4)', /cannot group by/],
  ])('says when it cannot show %s', (text, reason) => {
    const r = fromQuery(q(text));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });

  it('round-trips through the AST exactly for every builder-shaped query', () => {
    for (const text of ['filter a = 1', 'stats count(*) by bin(5m)', 'filter not ispresent(x) | stats max(y) as m by z | sort m desc | limit 3']) {
      const r = fromQuery(q(text));
      expect(r.ok).toBe(true);
      if (r.ok) expect(stripSpans(toQuery(r.state))).toEqual(stripSpans(q(text)));
    }
  });
});
