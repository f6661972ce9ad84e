// Every command's AST shape and canonical text.
import { describe, expect, it } from 'vitest';
import type { Command, Expr } from './ast';
import { print } from './index';
import { cmd, mustParse, roundTripProblem } from './test-helpers';

const f = (...path: string[]): Expr & { kind: 'field' } => ({ kind: 'field', path });
const id = (name: string) => ({ name });
const str = (value: string) => ({ kind: 'string' as const, value });
const canonical = (text: string): string => print(mustParse(text));

// [input, expected AST of the first (or only) command, canonical text]
const CASES: Array<[string, Command, string]> = [
  ['fields a, b as c', { kind: 'fields', items: [{ expr: f('a') }, { expr: f('b'), alias: id('c') }] }, 'fields a, b as c'],
  ['display a', { kind: 'display', items: [{ expr: f('a') }] }, 'display a'],
  ['where a', { kind: 'filter', expr: f('a') }, 'filter a'],
  ['stats count(*) as n, avg(x) by bin(1h) as t, host offset 1d', {
    kind: 'stats',
    aggregations: [
      { expr: { kind: 'call', name: 'count', args: [{ kind: 'star' }] }, alias: id('n') },
      { expr: { kind: 'call', name: 'avg', args: [f('x')] } },
    ],
    groupBy: [{ expr: { kind: 'call', name: 'bin', args: [{ kind: 'duration', value: 1, unit: 'h' }] }, alias: id('t') }, { expr: f('host') }],
    offset: { kind: 'duration', value: 1, unit: 'd' },
  }, 'stats count(*) as n, avg(x) by bin(1h) as t, host offset 1d'],
  ['sort a, b ASC, c desc', { kind: 'sort', keys: [{ expr: f('a') }, { expr: f('b'), order: 'asc' }, { expr: f('c'), order: 'desc' }] }, 'sort a, b asc, c desc'],
  ['limit 20', { kind: 'limit', count: 20, any: false }, 'limit 20'],
  ['limit any 1', { kind: 'limit', count: 1, any: true }, 'limit any 1'],
  ['parse "a=* b=*" as x, y', { kind: 'parse', mode: 'glob', pattern: str('a=* b=*'), aliases: [id('x'), id('y')] }, 'parse "a=* b=*" as x, y'],
  ['parse @logStream \'*/*\' as env, svc', { kind: 'parse', mode: 'glob', source: f('@logStream'), pattern: str('*/*'), aliases: [id('env'), id('svc')] }, 'parse @logStream "*/*" as env, svc'],
  ['parse msg /(?<p>\\{.*\\})/ multi as p', { kind: 'parse', mode: 'regex', source: f('msg'), regex: { kind: 'regex', pattern: '(?<p>\\{.*\\})' }, multi: true, aliases: [id('p')] }, 'parse msg /(?<p>\\{.*\\})/ multi as p'],
  ['parse @message logfmt as lf', { kind: 'parse', mode: 'logfmt', source: f('@message'), alias: id('lf') }, 'parse @message logfmt as lf'],
  ['parse logfmt as lf', { kind: 'parse', mode: 'logfmt', alias: id('lf') }, 'parse logfmt as lf'],
  ['parse logfmt logfmt as lf', { kind: 'parse', mode: 'logfmt', source: f('logfmt'), alias: id('lf') }, 'parse `logfmt` logfmt as lf'],
  ['parse @message CSV as a, b', { kind: 'parse', mode: 'csv', source: f('@message'), aliases: [id('a'), id('b')] }, 'parse @message csv as a, b'],
  ['json field=payload "user.name" as username', { kind: 'parse', mode: 'json', source: f('payload'), path: str('user.name'), alias: id('username') }, 'json field=payload "user.name" as username'],
  ['dedup a, b.c', { kind: 'dedup', fields: [f('a'), f('b', 'c')] }, 'dedup a, b.c'],
  ['unnest js.events into event', { kind: 'unnest', expr: f('js', 'events'), into: id('event') }, 'unnest js.events into event'],
  ['pattern @message', { kind: 'pattern', expr: f('@message') }, 'pattern @message'],
  ['anomaly', { kind: 'anomaly' }, 'anomaly'],
  ['diff', { kind: 'diff' }, 'diff'],
  ['diff PREVIOUSweek', { kind: 'diff', period: 'previousWeek' }, 'diff previousWeek'],
  ['logcompare timeshift 7d', { kind: 'logcompare', timeshift: { kind: 'duration', value: 7, unit: 'd' } }, 'logcompare timeshift 7d'],
  ['SOURCE logGroups(namePrefix: [\'a\'], class: "STANDARD") dataSource([\'amazon_vpc.flow\']) \'/aws/x\' start=1700000000 end=\'2026-01-01\'', {
    kind: 'source',
    selectors: [{ type: 'logGroups', namePrefix: ['a'], class: ['STANDARD'] }, { type: 'dataSource', names: ['amazon_vpc.flow'] }, { type: 'logGroup', name: '/aws/x' }],
    start: { kind: 'number', value: 1700000000 }, end: str('2026-01-01'),
  }, "SOURCE logGroups(namePrefix: ['a'], class: ['STANDARD']) dataSource(['amazon_vpc.flow']) '/aws/x' start=1700000000 end='2026-01-01'"],
  ['SOURCE logGroups()', { kind: 'source', selectors: [{ type: 'logGroups' }] }, 'SOURCE logGroups()'],
  ['filterIndex IPaddress = "198.51.100.0"', { kind: 'filterIndex', field: f('IPaddress'), op: '=', values: [str('198.51.100.0')] }, 'filterIndex IPaddress = "198.51.100.0"'],
  ['filterIndex code in [1, -2, "x", true]', {
    kind: 'filterIndex', field: f('code'), op: 'in',
    values: [{ kind: 'number', value: 1 }, { kind: 'number', value: -2 }, str('x'), { kind: 'boolean', value: true }],
  }, 'filterIndex code in [1, -2, "x", true]'],
  ['unmask', { kind: 'unmask' }, 'unmask'],
  ['unmask @message', { kind: 'unmask', expr: f('@message') }, 'unmask @message'],
  ['lookup user_data id OUTPUT name, email as mail', {
    kind: 'lookup', table: id('user_data'), keys: [{ lookupField: id('id') }], mode: 'OUTPUT',
    outputs: [{ field: id('name') }, { field: id('email'), alias: id('mail') }],
  }, 'lookup user_data id OUTPUT name, email as mail'],
  ['lookup t uid as user.id, x outputnew a', {
    kind: 'lookup', table: id('t'), keys: [{ lookupField: id('uid'), logField: f('user', 'id') }, { lookupField: id('x') }], mode: 'OUTPUTNEW',
    outputs: [{ field: id('a') }],
  }, 'lookup t uid as user.id, x OUTPUTNEW a'],
  ['join type=left left=o right=p where o.id=p.id (SOURCE \'/aws/lambda/pay\')', {
    kind: 'join', type: 'left', left: id('o'), right: id('p'),
    on: { kind: 'binary', op: '=', left: f('o', 'id'), right: f('p', 'id') },
    query: { commands: [{ kind: 'source', selectors: [{ type: 'logGroup', name: '/aws/lambda/pay' }] }] },
  }, "join type=left left=o right=p where o.id = p.id (SOURCE '/aws/lambda/pay')"],
  ['join where (a.x = max) (SOURCE lg)', {
    kind: 'join', on: { kind: 'binary', op: '=', left: f('a', 'x'), right: f('max') },
    query: { commands: [{ kind: 'source', selectors: [{ type: 'logGroup', name: 'lg' }] }] },
  }, 'join where (a.x = max) (SOURCE lg)'],
  ['addtotals', { kind: 'addtotals', fields: [] }, 'addtotals'],
  ['addtotals col=true fieldname=RowSum row=false price, tax', {
    kind: 'addtotals', fieldname: id('RowSum'), row: false, col: true, fields: [f('price'), f('tax')],
  }, 'addtotals fieldname=RowSum row=false col=true price, tax'],
  ['addtotals row', { kind: 'addtotals', fields: [f('row')] }, 'addtotals row'],
  ['accum bytes AS totalBytes', { kind: 'accum', field: f('bytes'), alias: id('totalBytes') }, 'accum bytes as totalBytes'],
  ['autoregress bytes p=1-4', { kind: 'autoregress', field: f('bytes'), p: { start: 1, end: 4 } }, 'autoregress bytes p=1-4'],
  ['autoregress bytes as prev p=2', { kind: 'autoregress', field: f('bytes'), alias: id('prev'), p: { start: 2 } }, 'autoregress bytes as prev p=2'],
  ['filldown', { kind: 'filldown', fields: [] }, 'filldown'],
  ['filldown host cpu* `a-b`*.x', {
    kind: 'filldown', fields: [f('host'), { kind: 'wildcard', pattern: 'cpu*' }, { kind: 'wildcard', pattern: 'a-b*.x' }],
  }, 'filldown host cpu* `a-b`*.x'],
  ['fillmissing', { kind: 'fillmissing', fills: [] }, 'fillmissing'],
  ['fillmissing with 0 for count, "n/a" for host', {
    kind: 'fillmissing', fills: [{ value: { kind: 'number', value: 0 }, field: f('count') }, { value: str('n/a'), field: f('host') }],
  }, 'fillmissing with 0 for `count`, "n/a" for host'],
  ['cidrlookup net_table srcAddr as cidr OUTPUTNEW region as r, owner', {
    kind: 'cidrlookup', table: id('net_table'), field: f('srcAddr'), cidrColumn: id('cidr'), mode: 'OUTPUTNEW',
    outputs: [{ field: id('region'), alias: id('r') }, { field: id('owner') }],
  }, 'cidrlookup net_table srcAddr as cidr OUTPUTNEW region as r, owner'],
  ['outlier cpu', { kind: 'outlier', fields: [f('cpu')] }, 'outlier cpu'],
  ['outlier mark=false action=transform param=2.5 cpu, mem', {
    kind: 'outlier', action: 'transform', param: 2.5, mark: false, fields: [f('cpu'), f('mem')],
  }, 'outlier action=transform param=2.5 mark=false cpu mem'],
  ['appendcols override=true max=100 (stats count(*) by host)', {
    kind: 'appendcols', override: true, max: 100,
    query: { commands: [{ kind: 'stats', aggregations: [{ expr: { kind: 'call', name: 'count', args: [{ kind: 'star' }] } }], groupBy: [{ expr: f('host') }] }] },
  }, 'appendcols override=true max=100 (stats count(*) by host)'],
  ['sessionize userId, deviceId maxspan 1h as s', {
    kind: 'sessionize', fields: [f('userId'), f('deviceId')], maxspan: { kind: 'duration', value: 1, unit: 'h' }, alias: id('s'),
  }, 'sessionize userId, deviceId maxspan 1h as s'],
  ['count_frequent a, b', { kind: 'countFrequent', fields: [f('a'), f('b')] }, 'countFrequent a, b'],
  ['COUNTFREQUENT a', { kind: 'countFrequent', fields: [f('a')] }, 'countFrequent a'],
];

describe('commands', () => {
  it.each(CASES)('%s', (text, expected, printed) => {
    expect(cmd(text)).toStrictEqual(expected);
    expect(canonical(text)).toBe(printed);
    expect(roundTripProblem(mustParse(text))).toBeNull();
  });

  it('reads a subquery in `in ( … )`', () => {
    expect(cmd('filter requestId in (SOURCE lg | filter status = "FAILED" | fields requestId)')).toStrictEqual({
      kind: 'filter',
      expr: {
        kind: 'binary', op: 'in', left: f('requestId'),
        right: {
          kind: 'subquery',
          query: { commands: [
            { kind: 'source', selectors: [{ type: 'logGroup', name: 'lg' }] },
            { kind: 'filter', expr: { kind: 'binary', op: '=', left: f('status'), right: str('FAILED') } },
            { kind: 'fields', items: [{ expr: f('requestId') }] },
          ] },
        },
      },
    });
  });

  it('gives every command and expression a span that points at its text', () => {
    const text = 'fields a,  b as c\n| filter x  =  "y"\n| stats count(*) by bin(5m)';
    const q = mustParse(text);
    const slice = (s?: { start: number; end: number }): string => (s ? text.slice(s.start, s.end) : '<none>');
    expect(q.commands.map((c) => slice(c.span))).toEqual(['fields a,  b as c', 'filter x  =  "y"', 'stats count(*) by bin(5m)']);
    const [fields, filter, stats] = q.commands;
    if (fields.kind !== 'fields' || filter.kind !== 'filter' || stats.kind !== 'stats') throw new Error('shape');
    expect(slice(fields.items[1].span)).toBe('b as c');
    expect(slice(fields.items[1].alias?.span)).toBe('c');
    expect(slice(filter.expr.span)).toBe('x  =  "y"');
    expect(slice(stats.groupBy[0].expr.span)).toBe('bin(5m)');
  });
});
