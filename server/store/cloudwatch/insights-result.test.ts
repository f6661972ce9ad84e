// CloudWatch rows shaped like the local engine's results: the expectations below are what the
// local engine returns for the same queries (server/store/duckdb/query/result.ts).
import type { ResultField } from '@aws-sdk/client-cloudwatch-logs';
import { describe, expect, it } from 'vitest';
import { parse, type Query } from '@/lib/query';
import { estimatedCost, mapRows, mapStatistics, outputShape, parseResultTime } from './insights-result';

function ast(text: string): Query {
  const r = parse(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.query;
}
const row = (o: Record<string, string>): ResultField[] => Object.entries(o).map(([field, value]) => ({ field, value }));
const PREFIX = '/logline/';

describe('column order follows the local engine', () => {
  it.each([
    ['filter level = "error"', 'events', []],
    ['fields @timestamp, @log, level, @message | sort @timestamp desc', 'columns', ['@timestamp', '@log', 'level', '@message']],
    ['stats count(*) as events, avg(status) by route, bin(1h)', 'columns', ['route', 'bin(1h)', 'events', 'avg(status)']],
    ['fields @timestamp, @message | display @timestamp, level', 'columns', ['@timestamp', 'level']],
    ['parse @message "* *" as verb, rest | fields verb', 'columns', ['verb']],
    ['parse @message "* *" as verb, rest', 'events', ['verb', 'rest']],
    ['countFrequent route', 'columns', ['route', '_approxcount']],
  ])('%s', (text, shape, columns) => {
    const out = outputShape(ast(text));
    expect(out.shape).toBe(shape);
    expect(out.columns.map((c) => c.name)).toEqual(columns);
  });
});

describe('rows', () => {
  it('whole events: times formatted, @log as the source, every field of the JSON message for the details panel', () => {
    const message = JSON.stringify({ level: 'error', userId: 42, order: { total: 19.5, id: 'o-1' }, ok: true });
    const { fields, rows } = mapRows(ast('filter level = "error"'), [
      row({ '@timestamp': '2026-01-10 12:00:00.123', '@message': message, '@log': '123456789012:/logline/api', '@logStream': 's1', '@ingestionTime': '2026-01-10 12:00:00.133', '@ptr': 'CmAKJgoi' }),
    ], PREFIX);
    expect(fields).toEqual(['@timestamp', '@message']);
    expect(rows).toEqual([{
      '@timestamp': '2026-01-10 12:00:00.123', '@message': message, '@log': 'api', '@logStream': 's1', '@ingestionTime': '2026-01-10 12:00:00.133',
      level: 'error', 'user.id': '42', 'order.total': 19.5, 'order.id': 'o-1', ok: true,
    }]);
  });

  it('epoch-ms times (moto, toMillis columns) print like CloudWatch; a group outside the prefix keeps its name', () => {
    const { rows } = mapRows(ast('fields @timestamp, @log'), [row({ '@timestamp': '1768046400123', '@log': '/aws/lambda/x' })], PREFIX);
    expect(rows).toEqual([{ '@timestamp': '2026-01-10 12:00:00.123', '@log': '/aws/lambda/x' }]);
  });

  it('stats: aggregates are numbers, bins are times, group keys typed like the local store (ids stay text)', () => {
    const q = ast('stats count(*) as events, avg(duration_ms) by user.id, status, bin(1h)');
    const { fields, rows } = mapRows(q, [row({ 'user.id': '42', status: '500', 'bin(1h)': '2026-01-10 12:00:00.000', events: '7', 'avg(duration_ms)': '12.5' })], PREFIX);
    expect(fields).toEqual(['user.id', 'status', 'bin(1h)', 'events', 'avg(duration_ms)']);
    expect(rows).toEqual([{ 'user.id': '42', status: 500, 'bin(1h)': '2026-01-10 12:00:00.000', events: 7, 'avg(duration_ms)': 12.5 }]);
  });

  it('text that only looks numeric stays text; missing cells are absent; unknown outputs still show', () => {
    const { fields, rows } = mapRows(ast('fields code, route, extra'), [row({ code: '007', route: '/a' }), row({ code: '1e999999' }), row({ surprise: 'x' })], PREFIX);
    expect(rows).toEqual([{ code: '007', route: '/a' }, { code: '1e999999' }, { surprise: 'x' }]);
    expect(fields).toEqual(['code', 'route', 'extra', 'surprise']);
  });

  it('no rows: the columns are still known', () => {
    expect(mapRows(ast('stats count(*) by route'), [], PREFIX)).toEqual({ fields: ['route', 'count(*)'], rows: [] });
  });

  it('parses result times back to epoch ms', () => {
    expect(parseResultTime('2026-01-10 12:00:00.123')).toBe(Date.UTC(2026, 0, 10, 12, 0, 0, 123));
    expect(parseResultTime('yesterday')).toBeNull();
  });
});

describe('statistics and cost', () => {
  it('rounds CloudWatch\'s doubles and prices the bytes scanned per GB (2^30 bytes)', () => {
    expect(mapStatistics({ recordsMatched: 12.0, recordsScanned: 3400.0, bytesScanned: 3 * 1024 ** 3 }, 0.005)).toEqual({
      recordsMatched: 12, recordsScanned: 3400, bytesScanned: 3 * 1024 ** 3, estimatedCostUsd: 0.015,
    });
    expect(mapStatistics(undefined, 0.005)).toEqual({ recordsMatched: 0, recordsScanned: 0, bytesScanned: 0, estimatedCostUsd: 0 });
    expect(estimatedCost(512 * 1024 ** 2, 0.01)).toBe(0.005);
  });
});
