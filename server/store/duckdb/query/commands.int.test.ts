// bin() units, natural sort, dedup, limits, stats (all aggregates, two stats, arithmetic) and
// the statistics, on a real DuckDB store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from '@/lib/query';
import { compileToSql } from './compile';
import { executeCompiled } from './execute';
import { col, DAY, HOUR, makeEvents, MIN, openStore, runText, T0, tuples } from './testing';

let store: Awaited<ReturnType<typeof openStore>>;
const RANGE = { start: T0 - 400 * DAY, end: T0 + 400 * DAY };
const at = (iso: string) => Date.parse(iso) - T0;

beforeAll(async () => {
  store = await openStore();
  const { backend } = store;
  await backend.append(makeEvents([
    '2024-03-04T00:00:01.234Z', '2024-03-10T23:00:00Z', '2024-03-11T00:00:01Z', '2024-03-31T12:00:00Z',
    '2024-05-15T00:00:00Z', '2024-12-31T23:59:59Z',
  ].map((iso, i) => ({ at: at(iso), body: { i } })), { source: 'bins' }));
  const natural: unknown[] = ['a10', 'a9', 'a09', 'B1', '10', '9', 2, 'x', null];
  await backend.append(makeEvents(natural.map((v, i) => ({ at: i * 1000, body: v === null ? { i } : { i, v } })), { source: 'nat' }));
  await backend.append(makeEvents([
    { at: 1000, body: { server: 'A', severity: 'info', n: 1 } },
    { at: 2000, body: { server: 'A', severity: 'error', n: 2 } },
    { at: 3000, body: { server: 'B', severity: 'info', n: 3 } },
    { at: 4000, body: { server: 'B', severity: 'info', n: 4 } },
    { at: 5000, body: { n: 5 } },
    { at: 6000, body: { n: 6 } },
  ], { source: 'dd' }));
  await backend.append(makeEvents(Array.from({ length: 10_050 }, (_, i) => ({ at: i, body: 'x' })), { source: 'many' }));
  await backend.append(makeEvents([
    { at: 0, body: { g: 'a', x: 1, route: '/r1', w: 'k' } },
    { at: 10 * MIN, body: { g: 'a', x: 3, route: '/r1', w: 'k2' } },
    { at: 70 * MIN, body: { g: 'a', x: '5', route: '/r2' } },
    { at: 75 * MIN, body: { g: 'b', x: 10, route: '/r1', w: 'k10' } },
    { at: 130 * MIN, body: { g: 'b', route: '/r2', w: 'k9' } },
  ], { source: 'agg' }));
});
afterAll(async () => store.close());

const run = (text: string, source: string) => runText(store.backend, text, RANGE, [source]);

describe('bin()', () => {
  const bins = async (unit: string) => col(await run(`stats count(*) as n by bin(${unit}) as b | sort b asc`, 'bins'), 'b');
  it('floors @timestamp for every unit; weeks start Monday 00:00 UTC', async () => {
    expect((await bins('100ms'))[0]).toBe('2024-03-04 00:00:01.200');
    expect((await bins('30s'))[0]).toBe('2024-03-04 00:00:00.000');
    expect((await bins('2h'))[1]).toBe('2024-03-10 22:00:00.000');
    expect(await bins('1d')).toContain('2024-03-10 00:00:00.000');
    expect(await bins('1w')).toEqual(['2024-03-04 00:00:00.000', '2024-03-11 00:00:00.000', '2024-03-25 00:00:00.000',
      '2024-05-13 00:00:00.000', '2024-12-30 00:00:00.000']);
    expect(await bins('1mo')).toEqual(['2024-03-01 00:00:00.000', '2024-05-01 00:00:00.000', '2024-12-01 00:00:00.000']);
    expect(await bins('2mon')).toEqual(['2024-03-01 00:00:00.000', '2024-05-01 00:00:00.000', '2024-11-01 00:00:00.000']);
    expect(await bins('1q')).toEqual(['2024-01-01 00:00:00.000', '2024-04-01 00:00:00.000', '2024-10-01 00:00:00.000']);
    expect(await bins('1y')).toEqual(['2024-01-01 00:00:00.000']);
    expect(await bins('5mins')).toContain('2024-03-10 23:00:00.000');
  });
  it('can start weeks on Sunday', async () => {
    const parsed = parse('stats count(*) as n by bin(1w) as b | sort b asc');
    if (!parsed.ok) throw new Error('parse');
    const q = compileToSql(parsed.query, { ...RANGE, sources: ['bins'], weekStart: 'sunday' });
    const conn = await store.backend.instance.connect();
    const r = await executeCompiled(conn, q);
    conn.closeSync();
    expect(col(r, 'b').slice(0, 2)).toEqual(['2024-03-03 00:00:00.000', '2024-03-10 00:00:00.000']);
  });
  it('counts per bin, and datefloor/dateceil round arbitrary times', async () => {
    const r = await run('stats count(*) as n by bin(1w) as b | sort b asc | limit 2', 'bins');
    expect(tuples(r, 'b', 'n')).toEqual([['2024-03-04 00:00:00.000', 2], ['2024-03-11 00:00:00.000', 1]]);
    const d = await run('filter i = 0 | fields datefloor(@timestamp, 1h) as f, dateceil(@timestamp, 1h) as c, dateceil(@timestamp, 1mo) as m', 'bins');
    expect(d.rows).toEqual([{ f: '2024-03-04 00:00:00.000', c: '2024-03-04 01:00:00.000', m: '2024-04-01 00:00:00.000' }]);
  });
});

describe('sort', () => {
  it('uses natural order: non-numbers first, digit runs by length then value; missing last', async () => {
    expect(col(await run('sort v asc | fields v', 'nat'), 'v')).toEqual(['B1', 'a9', 'a09', 'a10', 'x', 2, '9', '10', null]);
    expect(col(await run('sort v desc | fields v', 'nat'), 'v')).toEqual(['10', '9', 2, 'x', 'a10', 'a09', 'a9', 'B1', null]);
  });
  it('sorts ascending when no direction is given, and by several keys', async () => {
    expect(col(await run('filter ispresent(server) | sort server, n desc | fields n', 'dd'), 'n')).toEqual([2, 1, 4, 3]);
  });
  it('returns events newest first when there is no sort', async () => {
    expect(col(await run('fields n', 'dd'), 'n')).toEqual([6, 5, 4, 3, 2, 1]);
  });
});

describe('dedup', () => {
  it('keeps the first event in sort order per value, and every event with a null key', async () => {
    expect(tuples(await run('fields @timestamp, server, n | sort @timestamp asc | dedup server', 'dd'), 'server', 'n'))
      .toEqual([['A', 1], ['B', 3], [null, 5], [null, 6]]);
  });
  it('uses newest-first order when unsorted, and combinations of several fields', async () => {
    expect(tuples(await run('dedup server | fields server, n', 'dd'), 'server', 'n')).toEqual([[null, 6], [null, 5], ['B', 4], ['A', 2]]);
    expect(col(await run('sort @timestamp desc | dedup server, severity | fields n', 'dd'), 'n')).toEqual([6, 5, 4, 2, 1]);
  });
});

describe('limit and statistics', () => {
  it('returns at most 10 000 rows by default, and counts what matched', async () => {
    const r = await run('filter @message = "x"', 'many');
    expect(r.rows.length).toBe(10_000);
    expect(r.statistics.recordsMatched).toBe(10_050);
    expect(r.statistics.recordsScanned).toBe(10_050);
    // An estimate: scanned events × the mean @message size of the first stored events.
    expect(r.statistics.bytesScanned).toBeGreaterThan(5_000);
    expect(r.statistics.bytesScanned).toBeLessThan(100_000);
  });
  it('limit cuts, limit any stops early, and matched counts events before stats', async () => {
    const r = await run('sort @timestamp asc | limit 3 | fields @timestamp', 'many');
    expect(r.rows.length).toBe(3);
    expect(r.statistics.recordsMatched).toBe(10_050);
    expect((await run('limit any 2', 'many')).rows.length).toBe(2);
    const s = await run('filter g = "a" | stats count(*) as n', 'agg');
    expect(s.rows).toEqual([{ n: 3 }]);
    expect(s.statistics).toMatchObject({ recordsMatched: 3, recordsScanned: 5 });
  });
  it('refuses limits above 100 000', async () => {
    await expect(run('limit 100001', 'many')).rejects.toThrow(/limit must be a whole number from 1 to 100,000/);
  });
});

describe('stats', () => {
  it('computes every aggregate and non-aggregate function of the reference', async () => {
    const r = await run(`stats count(*) as c, count(w) as cw, count_distinct(route) as cd, avg(x) as a, sum(x) as s,
      min(x) as mn, max(x) as mx, pct(x, 50) as p50, stddev(x) as sd, earliest(w) as e, latest(w) as l,
      sortsFirst(w) as sf, sortsLast(w) as sl, count_over_time(x) as cot, sum_over_time(x) as sot by g | sort g asc`, 'agg');
    expect(r.rows[0]).toMatchObject({ g: 'a', c: 3, cw: 2, cd: 2, a: 3, s: 9, mn: 1, mx: 5, p50: 3, e: 'k', l: 'k2', sf: 'k', sl: 'k2', cot: 3, sot: 9 });
    expect(r.rows[0].sd).toBeCloseTo(2, 10);
    expect(r.rows[1]).toMatchObject({ g: 'b', c: 2, cw: 2, mn: 10, mx: 10, e: 'k10', l: 'k9', sf: 'k9', sl: 'k10' });
  });
  it('does arithmetic on aggregates and rate()/histogram()', async () => {
    const r = await run('stats sum(x) / count(*) as perEvent, rate(x, 1m) as perMin, histogram(x, 2) as h by bin(1h) as t | sort t asc', 'agg');
    expect(r.rows[0]).toMatchObject({ t: '2024-03-04 00:00:00.000', perEvent: 2, perMin: 4 / 60 });
    expect(JSON.parse(String(r.rows[0].h))).toEqual({ 1: 1, 2: 1 });
  });
  it('runs a second stats over the first one’s groups, also naming its items by their text', async () => {
    const r = await run('stats count(*) as c by bin(1h), route | stats max(c) as peak, sum(c) as total by route | sort route asc', 'agg');
    expect(tuples(r, 'route', 'peak', 'total')).toEqual([['/r1', 2, 3], ['/r2', 1, 2]]);
    const r2 = await run('stats sum(x) by g | stats max(sum(x)) as m', 'agg');
    expect(r2.rows).toEqual([{ m: 10 }]);
    const r3 = await run('stats max(@timestamp) as @t by g | stats count(*) as n by dateceil(@t, 1h) as h | sort h asc', 'agg');
    expect(tuples(r3, 'h', 'n')).toEqual([['2024-03-04 02:00:00.000', 1], ['2024-03-04 03:00:00.000', 1]]);
  });
  it('rejects fields that the first stats did not define, with a message', async () => {
    await expect(run('stats count(*) by g | stats max(strlen(@message))', 'agg')).rejects.toThrow(/@message is not available here: after stats/);
    await expect(run('stats count(*) by g | stats count(*) by bin(1h)', 'agg')).rejects.toThrow(/bin\(\) uses @timestamp/);
    await expect(run('stats count(*) | stats count(*) | stats count(*)', 'agg')).rejects.toThrow(/at most two stats/);
  });
  it('fills empty bins with fillmissing', async () => {
    const parsed = parse('stats count(*) as n by bin(1h) as t | fillmissing with 0 for n | sort t asc');
    if (!parsed.ok) throw new Error('parse');
    const r = await store.backend.query(parsed.query, { start: T0, end: T0 + 4 * HOUR - 1 }, ['agg']);
    expect(tuples(r, 't', 'n')).toEqual([['2024-03-04 00:00:00.000', 2], ['2024-03-04 01:00:00.000', 2],
      ['2024-03-04 02:00:00.000', 1], ['2024-03-04 03:00:00.000', 0]]);
  });
});
