// What StartQuery is sent: seconds that cover the millisecond range, the exact-range filter, the
// @log/@timestamp rewrites, where our own commands go, and error positions mapped back.
import { describe, expect, it } from 'vitest';
import { parse, type Query } from '@/lib/query';
import { insightsSeconds, prepareQuery, spanAt } from './insights-request';

function ast(text: string): Query {
  const r = parse(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.query;
}

const PREFIX = '/logline/';

describe('the time range in seconds', () => {
  it('widens to whole seconds so no event at an edge is lost', () => {
    expect(insightsSeconds({ start: 1_700_000_000_250, end: 1_700_000_059_750 })).toEqual({ startTime: 1_700_000_000, endTime: 1_700_000_060 });
    expect(insightsSeconds({ start: 1_700_000_000_000, end: 1_700_000_060_000 })).toEqual({ startTime: 1_700_000_000, endTime: 1_700_000_060 });
    expect(insightsSeconds({ start: 999, end: 1000 })).toEqual({ startTime: 0, endTime: 1 });
  });

  it('trims what the widening let in with an exact filter in ms, before anything that aggregates', () => {
    const p = prepareQuery(ast('stats count(*) by bin(1m)'), { start: 1_700_000_000_250, end: 1_700_000_059_750 }, { groups: ['/logline/api'] }, PREFIX);
    expect(p.queryString).toBe('filter toMillis(@timestamp) >= 1700000000250 and toMillis(@timestamp) <= 1700000059750\n| stats count(*) by bin(1m)');
    expect(p.logGroupNames).toEqual(['/logline/api']);
  });

  it('adjacent ranges share no millisecond: an event at the boundary counts in exactly one', () => {
    const first = prepareQuery(ast('stats count(*)'), { start: 0, end: 1_500 }, { groups: ['g'] }, PREFIX);
    const second = prepareQuery(ast('stats count(*)'), { start: 1_501, end: 3_000 }, { groups: ['g'] }, PREFIX);
    // Both read second 1 from CloudWatch; the filters split it at 1 500 / 1 501 ms.
    expect(first.endTime).toBe(2);
    expect(second.startTime).toBe(1);
    expect(first.queryString).toContain('<= 1500');
    expect(second.queryString).toContain('>= 1501');
  });
});

describe('the query text', () => {
  it('whole-event queries also ask for the system fields, so rows can be expanded', () => {
    const p = prepareQuery(ast('filter level = "error" | sort @timestamp desc | limit 20'), { start: 0, end: 1000 }, { groups: ['g'] }, PREFIX);
    expect(p.queryString.split('\n| ')).toEqual([
      'filter toMillis(@timestamp) >= 0 and toMillis(@timestamp) <= 1000',
      'fields @timestamp, @message, @log, @logStream, @ingestionTime',
      'filter level = "error"',
      'sort @timestamp desc',
      'limit 20',
    ]);
  });

  it('a query that names its fields is sent as written (after the range filter)', () => {
    const p = prepareQuery(ast('fields @timestamp, route | filter status >= 500'), { start: 0, end: 1000 }, { groups: ['g'] }, PREFIX);
    expect(p.queryString.split('\n| ').slice(1)).toEqual(['fields @timestamp, route', 'filter status >= 500']);
  });

  it('@log compares with the log group CloudWatch reports, and @timestamp numbers go through toMillis', () => {
    const p = prepareQuery(
      ast('filter @log = "api" and @log != "web" and @log in ["app", "batch"] | filter @timestamp > 1700000000000'),
      { start: 0, end: 1000 }, { groups: ['g'] }, PREFIX,
    );
    const [, , logs, ts] = p.queryString.split('\n| ');
    expect(logs).toBe('filter @log =~ /(^|:)\\/logline\\/api$/ and not @log =~ /(^|:)\\/logline\\/web$/ and @log =~ /(^|:)(\\/logline\\/app|\\/logline\\/batch)$/');
    expect(ts).toBe('filter toMillis(@timestamp) > 1700000000000');
    // An account-qualified value is what CloudWatch holds already: left alone.
    const full = prepareQuery(ast('filter @log = "123456789012:/logline/api"'), { start: 0, end: 1000 }, { groups: ['g'] }, PREFIX);
    expect(full.queryString).toContain('filter @log = "123456789012:/logline/api"');
  });

  it('the rewritten @log match selects exactly the source\'s group', () => {
    const p = prepareQuery(ast('filter @log = "api"'), { start: 0, end: 1000 }, { groups: ['g'] }, PREFIX);
    const pattern = /=~ \/(.*)\/$/.exec(p.queryString.split('\n| ')[2])![1].replace(/\\\//g, '/');
    const re = new RegExp(pattern);
    expect(re.test('123456789012:/logline/api')).toBe(true);
    expect(re.test('/logline/api')).toBe(true);
    expect(re.test('123456789012:/logline/api-v2')).toBe(false);
    expect(re.test('123456789012:/other/logline/api')).toBe(false);
  });

  it('more than 50 groups: one SOURCE by prefix instead of names; a query\'s own SOURCE is kept first', () => {
    const many = prepareQuery(ast('stats count(*)'), { start: 0, end: 1000 }, { prefix: PREFIX }, PREFIX);
    expect(many.logGroupNames).toBeUndefined();
    expect(many.queryString.split('\n| ')[0]).toBe("SOURCE logGroups(namePrefix: ['/logline/'])");
    const own = prepareQuery(ast("SOURCE '/aws/lambda/checkout' | stats count(*)"), { start: 0, end: 1000 }, { groups: ['g'] }, PREFIX);
    expect(own.logGroupNames).toBeUndefined();
    expect(own.queryString.split('\n| ')[0]).toMatch(/^SOURCE /);
    expect(own.queryString.split('\n| ')[1]).toMatch(/^filter toMillis/);
  });

  it('maps a CloudWatch compile error offset back to the user\'s command', () => {
    const text = 'filter level = "error"\n| stats count(*) by route';
    const q = ast(text);
    const p = prepareQuery(q, { start: 0, end: 1000 }, { groups: ['g'] }, PREFIX);
    const at = p.queryString.indexOf('stats');
    expect(spanAt(p, at + 3)).toEqual(q.commands[1].span);
    expect(text.slice(spanAt(p, at)!.start, spanAt(p, at)!.end)).toBe('stats count(*) by route');
    // Inside our own range filter: no position to show.
    expect(spanAt(p, 3)).toBeUndefined();
  });
});
