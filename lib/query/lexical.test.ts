// Lexical rules: durations, regex vs division, names and backticks, comments, case.
import { describe, expect, it } from 'vitest';
import type { Expr } from './ast';
import { print } from './index';
import { ast, cmd, expr, mustParse, roundTripProblem } from './test-helpers';

const f = (...path: string[]): Expr => ({ kind: 'field', path });
const re = (pattern: string): Expr => ({ kind: 'regex', pattern });
const canonical = (text: string): string => print(mustParse(text));

describe('durations', () => {
  it.each([
    ['5ms', 5, 'ms'], ['1msec', 1, 'ms'], ['2milliseconds', 2, 'ms'],
    ['30s', 30, 's'], ['3sec', 3, 's'], ['3secs', 3, 's'], ['1second', 1, 's'],
    ['5m', 5, 'm'], ['5min', 5, 'm'], ['5mins', 5, 'm'], ['5minutes', 5, 'm'], ['5M', 5, 'm'],
    ['1h', 1, 'h'], ['1hr', 1, 'h'], ['2hrs', 2, 'h'], ['1hour', 1, 'h'], ['1H', 1, 'h'],
    ['1d', 1, 'd'], ['2days', 2, 'd'], ['1w', 1, 'w'], ['2weeks', 2, 'w'],
    ['1mo', 1, 'mo'], ['1mon', 1, 'mo'], ['3months', 3, 'mo'],
    ['1q', 1, 'q'], ['1qtr', 1, 'q'], ['2quarters', 2, 'q'],
    ['1y', 1, 'y'], ['1yr', 1, 'y'], ['2yrs', 2, 'y'], ['1year', 1, 'y'],
    ['1.5h', 1.5, 'h'],
  ])('%s', (text, value, unit) => {
    const c = cmd(`stats count(*) by bin(${text})`);
    expect(c).toMatchObject({ groupBy: [{ expr: { kind: 'call', name: 'bin', args: [{ kind: 'duration', value, unit }] } }] });
    expect(canonical(`stats count(*) by bin(${text})`)).toBe(`stats count(*) by bin(${value}${unit})`);
  });

  it('folds a minus into the duration and prints it back', () => {
    expect(cmd('SOURCE lg start=-1d end=now')).toStrictEqual({
      kind: 'source', selectors: [{ type: 'logGroup', name: 'lg' }],
      start: { kind: 'duration', value: -1, unit: 'd' }, end: { kind: 'now' },
    });
    expect(canonical('stats count(*) by bin(5m) offset -1h')).toBe('stats count(*) by bin(5m) offset -1h');
  });
});

describe('regex literal or division', () => {
  it.each<[string, Expr]>([
    ['a / b > 1', { kind: 'binary', op: '>', left: { kind: 'binary', op: '/', left: f('a'), right: f('b') }, right: { kind: 'number', value: 1 } }],
    ['a like /b/', { kind: 'binary', op: 'like', left: f('a'), right: re('b') }],
    ['a =~ /x\\/y/', { kind: 'binary', op: '=~', left: f('a'), right: re('x\\/y') }],
    ['a like /(?i)exception/', { kind: 'binary', op: 'like', left: f('a'), right: re('(?i)exception') }],
    ['a like /a#b|c/', { kind: 'binary', op: 'like', left: f('a'), right: re('a#b|c') }],
    ['x[0] / 2 = 1', { kind: 'binary', op: '=', left: { kind: 'binary', op: '/', left: { kind: 'index', object: f('x'), index: { kind: 'number', value: 0 } }, right: { kind: 'number', value: 2 } }, right: { kind: 'number', value: 1 } }],
  ])('%s', (text, expected) => {
    expect(expr(text)).toStrictEqual(expected);
  });

  it('divides after a call or a closing parenthesis', () => {
    expect(cmd('stats sum(bytes)/1024/1024 as mb')).toMatchObject({
      aggregations: [{ expr: { kind: 'binary', op: '/', left: { kind: 'binary', op: '/' } }, alias: { name: 'mb' } }],
    });
    expect(cmd('fields (a)/2')).toMatchObject({ items: [{ expr: { kind: 'binary', op: '/' } }] });
  });

  it('reads a regex after a parse source field, and without one', () => {
    expect(cmd('parse requestUri /\\/api\\/(?<v>v\\d+)/')).toStrictEqual({
      kind: 'parse', mode: 'regex', source: f('requestUri'), regex: re('\\/api\\/(?<v>v\\d+)'), multi: false, aliases: [],
    });
    expect(cmd('parse /(?<a>x)/ multi')).toStrictEqual({ kind: 'parse', mode: 'regex', regex: re('(?<a>x)'), multi: true, aliases: [] });
  });
});

describe('names, paths and backticks', () => {
  it.each<[string, string[]]>([
    ['@timestamp', ['@timestamp']],
    ['user.id', ['user', 'id']],
    ['requestParameters.items.0.instanceId', ['requestParameters', 'items', '0', 'instanceId']],
    ['`foo-bar`', ['foo-bar']],
    ['@`aws.tag.aws:cloudformation:stack-name`', ['@aws.tag.aws:cloudformation:stack-name']],
    ['json_message.`user.id`', ['json_message', 'user.id']],
    ['`a``b`', ['a`b']],
    ['`and`', ['and']],
    ['a.and', ['a', 'and']],
    ['@@example.com', ['@@example', 'com']],
    ['`with space`.x', ['with space', 'x']],
    ['`日本`', ['日本']],
    ['名前', ['名前']],
  ])('%s', (text, path) => {
    const c = cmd(`fields ${text}`);
    expect(c).toStrictEqual({ kind: 'fields', items: [{ expr: f(...path) }] });
    expect(roundTripProblem(mustParse(`fields ${text}`))).toBeNull();
  });

  it('backticks names only when needed', () => {
    expect(canonical('fields `plain`, `foo-bar`, @`a:b`, j.`x.y`, `desc`, `count`, `now`, `a``b`'))
      .toBe('fields plain, `foo-bar`, @`a:b`, j.`x.y`, `desc`, `count`, `now`, `a``b`');
    expect(canonical('fields x as `my alias`, y as @`t-1`, z as a.b')).toBe('fields x as `my alias`, y as @`t-1`, z as a.b');
  });

  it('reads member and index access on parsed JSON', () => {
    expect(expr('json_message.users[1].action = "PutData"')).toMatchObject({
      left: { kind: 'member', name: 'action', object: { kind: 'index', object: f('json_message', 'users'), index: { kind: 'number', value: 1 } } },
    });
    expect(cmd('fields jsonParse(api.request.data).startTime as startTime')).toStrictEqual({
      kind: 'fields',
      items: [{
        expr: { kind: 'member', name: 'startTime', object: { kind: 'call', name: 'jsonParse', args: [f('api', 'request', 'data')] } },
        alias: { name: 'startTime' },
      }],
    });
  });
});

describe('comments and layout', () => {
  it('ignores # comments: whole lines, trailing, with pipes inside, at the very end', () => {
    const text = '# leading\nfields a # trailing | not a pipe\n# between\n| filter b = "#x" # after a string\n| sort a desc #';
    expect(ast(text)).toStrictEqual(ast('fields a | filter b = "#x" | sort a desc'));
  });

  it('allows commands and lists across lines and pipes at line ends', () => {
    expect(ast('filter a = 1 |\n  stats avg(x),\n  max(x)\n  by bin(5m)')).toStrictEqual(ast('filter a = 1 | stats avg(x), max(x) by bin(5m)'));
  });

  it('prints one command per line and subqueries inline', () => {
    expect(canonical('filter  a=1|fields   b')).toBe('filter a = 1\n| fields b');
    expect(canonical('filter x in (SOURCE lg | fields x)|limit 5')).toBe("filter x in (SOURCE lg | fields x)\n| limit 5");
  });
});

describe('case-insensitivity', () => {
  it('reads keywords in any case', () => {
    expect(ast('FIELDS a | FILTER a IN [1] AND b NOT LIKE "x" OR NOT c | STATS COUNT(*) BY BIN(5M) | SORT a DESC | LIMIT ANY 5'))
      .toStrictEqual(ast('fields a | filter a in [1] and b not like "x" or not c | stats count(*) by bin(5m) | sort a desc | limit any 5'));
    expect(ast('Where x = 1')).toStrictEqual(ast('filter x = 1'));
  });

  it('normalizes documented function names and keeps unknown ones as written', () => {
    expect(expr('ISPRESENT(a) and JSONPARSE(b) and Count_Distinct(c) and isipv4insubnet(d, "x") and MyFunc(e)')).toMatchObject({
      left: { left: { left: { left: { name: 'ispresent' }, right: { name: 'jsonParse' } }, right: { name: 'count_distinct' } }, right: { name: 'isIpv4InSubnet' } },
      right: { name: 'MyFunc' },
    });
  });

  it('reads bare zero-argument calls: now, and count inside stats', () => {
    expect(expr('x < now')).toStrictEqual({ kind: 'binary', op: '<', left: f('x'), right: { kind: 'call', name: 'now', args: [] } });
    expect(cmd('stats count by x')).toMatchObject({ aggregations: [{ expr: { kind: 'call', name: 'count', args: [] } }] });
    expect(cmd('fields count')).toStrictEqual({ kind: 'fields', items: [{ expr: f('count') }] });
    expect(canonical('fields count | stats count by x')).toBe('fields `count`\n| stats count() by x');
  });

  it('calls a documented function written with a space before "(", but not an unknown name', () => {
    expect(cmd('stats avg (f1) by f2')).toMatchObject({ aggregations: [{ expr: { kind: 'call', name: 'avg' } }] });
    expect(cmd('join left=a right=b where a.x = b (SOURCE lg)')).toMatchObject({ on: { right: f('b') } });
  });
});
