// Every rule of lib/query/SEMANTICS.md, on a real DuckDB store with events from the pipeline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { col, DAY, HOUR, makeEvents, openStore, runText, T0, tuples } from './testing';

let store: Awaited<ReturnType<typeof openStore>>;
const RANGE = { start: T0, end: T0 + DAY };

beforeAll(async () => {
  store = await openStore();
  await store.backend.append(makeEvents([
    { at: 1000, body: { id: 1, n: 200, s: '200', t: 'abc', b: true, x: 10 } },
    { at: 2000, body: { id: 2, n: 9, s: '10', t: 'B', b: false } },
    { at: 3000, body: { id: 3, n: 1.5, s: ' 1.5 ', t: 'a', x: null } },
    { at: 4000, body: { id: 4, n: -3, s: '1e5', t: '' } },
    { at: 5000, body: { id: 5 } },
    { at: 6000, body: { id: 6, n: 16, s: '0x10' } },
  ], { source: 'sem' }));
  await store.backend.append(makeEvents([
    { at: HOUR, body: { id: 10, status: 503, statusCode: 1, route: '/a', duration_ms: 12 } },
    { at: HOUR + 1, body: { id: 11, status: 'teapot', route: '/b' } },
    { at: HOUR + 2, body: { id: 12, statusCode: 404, userId: 7, severity: 'WARNING' } },
    { at: HOUR + 3, body: { id: 13, status: '201', user: { id: 'u-1' } } },
  ], { source: 'hot', stream: 'hot-1' }));
  await store.backend.append(makeEvents([{ at: 2 * HOUR, body: 'plain text line 42' }], { source: 'text' }));
});
afterAll(async () => store.close());

/** ids of the `sem` events a filter keeps, ascending. */
async function ids(filter: string, source = 'sem'): Promise<unknown[]> {
  return col(await runText(store.backend, `filter ${filter} | fields id | sort id asc`, RANGE, [source]), 'id');
}

describe('comparisons', () => {
  it('compares two numbers numerically', async () => {
    expect(await ids('n > 10')).toEqual([1, 6]);
    expect(await ids('n < 10')).toEqual([2, 3, 4]);
  });
  it('compares a number with a string that reads as a number numerically', async () => {
    expect(await ids('n = "200"')).toEqual([1]);
    expect(await ids('n < "10"')).toEqual([2, 3, 4]);
    // " 1.5 " (spaces allowed) and "1e5" (exponent, per the definition's regex) read as numbers; hex does not.
    expect(await ids('s > 5')).toEqual([1, 2, 4]);
    expect(await ids('s = 1.5')).toEqual([3]);
  });
  it('compares two strings as text, even when both read as numbers', async () => {
    expect(await ids('s < "9"')).toEqual([1, 2, 3, 4, 6]);
    expect(await ids('t < "a"')).toEqual([2, 4]); // case-sensitive, by code unit: "B" < "a", "" < "a"
  });
  it('compares a number with a string that does not read as a number as text', async () => {
    expect(await ids('s < 9')).toEqual([3, 6]); // 1.5 < 9 numerically; "0x10" < "9" as text
    expect(await ids('n > "abc"')).toEqual([]); // "200", "9" … are all < "abc" as text
    expect(await ids('n < "abc"')).toEqual([1, 2, 3, 4, 6]);
  });
  it('is false when either side is missing, for != and under not too', async () => {
    expect(await ids('x != 1')).toEqual([1]);
    expect(await ids('not (x = 1)')).toEqual([1]);
    expect(await ids('nosuch = 1')).toEqual([]);
    expect(await ids('nosuch != 1')).toEqual([]);
  });
  it('compares booleans as the strings true/false', async () => {
    expect(await ids('b = "true"')).toEqual([1]);
    expect(await ids('b = "false"')).toEqual([2]);
    expect(await ids('b = 1')).toEqual([]);
  });
});

describe('boolean logic', () => {
  it('is three-valued: a filter keeps an event only when its condition is true', async () => {
    expect(await ids('x = 10 or t = "B"')).toEqual([1, 2]);
    expect(await ids('not (t = "a" and x = 10)')).toEqual([1, 2, 4]);
    expect(await ids('not (t = "a" or t = "B")')).toEqual([1, 4]);
    expect(await ids('not (t = "a" or x = 10)')).toEqual([]); // false or null is null: dropped
  });
});

describe('matching', () => {
  it('like "text" is a case-sensitive substring test, not a pattern', async () => {
    expect(await ids('t like "b"')).toEqual([1]);
    expect(await ids('t like "a.c"')).toEqual([]);
    expect(await ids('t not like "b"')).toEqual([2, 3, 4]);
  });
  it('like /re/ and =~ /re/ search unanchored; (?i) makes it case-insensitive', async () => {
    expect(await ids('t like /b/')).toEqual([1]);
    expect(await ids('t like /(?i)b/')).toEqual([1, 2]);
    expect(await ids('t =~ /^a/')).toEqual([1, 3]);
    expect(await ids('t =~ /(?i)^b$/')).toEqual([2]);
  });
  it('matches a non-string value as its text (numbers in shortest form)', async () => {
    expect(await ids('n like /^2/')).toEqual([1]);
    expect(await ids('n like "1.5"')).toEqual([3]);
    expect(await ids('n =~ /^200$/')).toEqual([1]);
    expect(await ids('b like "ru"')).toEqual([1]);
  });
  it('refuses regex features RE2 lacks with a clear message', async () => {
    await expect(ids('t =~ /a(?=b)/')).rejects.toThrow(/look-around and back-references are not part of RE2/);
  });
});

describe('sets', () => {
  it('in uses the comparison rules; not in keeps null as null', async () => {
    expect(await ids('n in [200, "16"]')).toEqual([1, 6]);
    expect(await ids('s in [200]')).toEqual([1]);
    expect(await ids('t in ["a", "abc"]')).toEqual([1, 3]);
    expect(await ids('t not in ["a", "abc"]')).toEqual([2, 4]);
  });
});

describe('arithmetic', () => {
  it('works on numbers and numeric strings; anything else and x/0 are null', async () => {
    const r = await runText(store.backend, 'fields id, n + 1 as a, s * 2 as b2, t + 1 as c, n / 0 as d, n % 4 as e, 2 ^ 3 as f, -n as g | sort id asc', RANGE, ['sem']);
    expect(tuples(r, 'id', 'a', 'b2', 'c', 'd', 'e', 'f', 'g')).toEqual([
      [1, 201, 400, null, null, 0, 8, -200],
      [2, 10, 20, null, null, 1, 8, -9],
      [3, 2.5, 3, null, null, 1.5, 8, -1.5],
      [4, -2, 200000, null, null, -3, 8, 3],
      [5, null, null, null, null, null, 8, null],
      [6, 17, null, null, null, 0, 8, -16],
    ]);
  });
});

describe('fields', () => {
  it('a field no event has is null, never an error', async () => {
    const r = await runText(store.backend, 'fields id, nosuch, `odd-name`.x | sort id asc | limit 1', RANGE, ['sem']);
    expect(r.rows).toEqual([{ id: 1, nosuch: null, 'odd-name.x': null }]);
  });
  it('shows system fields; @timestamp as YYYY-MM-DD HH:MM:SS.mmm UTC', async () => {
    const r = await runText(store.backend, 'fields @timestamp, @ingestionTime, @log, @logStream, @message', RANGE, ['text']);
    expect(r.rows).toEqual([{
      '@timestamp': '2024-03-04 02:00:00.000', '@ingestionTime': '2024-03-04 02:00:00.000', '@log': 'text',
      '@logStream': 'default', '@message': 'plain text line 42',
    }]);
    expect(r.fields).toEqual(['@timestamp', '@ingestionTime', '@log', '@logStream', '@message']);
  });
  it('returns whole events when the query names no fields', async () => {
    const r = await runText(store.backend, 'filter id = 10', RANGE, ['hot']);
    expect(r.fields).toEqual(['@timestamp', '@message']);
    expect(r.rows[0]).toMatchObject({ '@log': 'hot', '@logStream': 'hot-1', id: 10, status: 503, route: '/a', duration_ms: 12 });
  });
  it('reads hot fields from typed columns and identifiers as text', async () => {
    // "teapot" (kept in attrs) against a number is a text comparison: "teapot" >= "500".
    expect(await ids('status >= 500', 'hot')).toEqual([10, 11]);
    expect(await ids('duration_ms = "12"', 'hot')).toEqual([10]);
    expect(await ids('user.id = "u-1"', 'hot')).toEqual([13]);
    expect(await ids('user.id = 7', 'hot')).toEqual([12]); // stored as the text "7"; reads as a number
  });
  it('finds a hot numeric field sent with another type (kept in attrs)', async () => {
    expect(await ids('status = "teapot"', 'hot')).toEqual([11]);
    expect(await ids('status like /tea/', 'hot')).toEqual([11]);
    // 503, "teapot" > "200" as text, 404 (sent as statusCode), "201" (normalized to 201 at ingest).
    expect(await ids('status > 200', 'hot')).toEqual([10, 11, 12, 13]);
    const r = await runText(store.backend, 'stats count(*) as n by status | sort n desc, status asc', RANGE, ['hot']);
    // Natural order puts non-numbers before numbers.
    expect(tuples(r, 'status', 'n')).toEqual([['teapot', 1], [201, 1], [404, 1], [503, 1]]);
  });
  it('resolves names the pipeline renames at ingest (statusCode → status, userId → user.id, severity → level)', async () => {
    expect(await ids('statusCode = 404', 'hot')).toEqual([12]);
    expect(await ids('userId = "7"', 'hot')).toEqual([12]);
    const r = await runText(store.backend, 'filter ispresent(severity) | fields severity', RANGE, ['hot']);
    expect(r.rows).toEqual([{ severity: 'warn' }]);
  });
});
