// Expressions and lexical rules: precedence, literals, durations, regex vs division,
// backticks, comments, case-insensitivity, and the printer's canonical spelling of each.
import { describe, expect, it } from 'vitest';
import type { Expr } from './ast';
import { print, stripSpans } from './index';
import { ast, cmd, expr, mustParse, roundTripProblem } from './test-helpers';

const f = (...path: string[]): Expr => ({ kind: 'field', path });
const n = (value: number): Expr => ({ kind: 'number', value });
const s = (value: string): Expr => ({ kind: 'string', value });
const bin = (op: string, left: Expr, right: Expr): Expr => ({ kind: 'binary', op, left, right } as Expr);
const not = (operand: Expr): Expr => ({ kind: 'unary', op: 'not', operand });
const neg = (operand: Expr): Expr => ({ kind: 'unary', op: '-', operand });
const call = (name: string, ...args: Expr[]): Expr => ({ kind: 'call', name, args });
/** Canonical text of `filter <text>`, without the `filter ` prefix. */
const canon = (text: string): string => print(mustParse(`filter ${text}`)).slice('filter '.length);

describe('operator precedence', () => {
  it.each<[string, Expr]>([
    ['a or b and c', bin('or', f('a'), bin('and', f('b'), f('c')))],
    ['a and b or c', bin('or', bin('and', f('a'), f('b')), f('c'))],
    ['not a = 1 and b', bin('and', not(bin('=', f('a'), n(1))), f('b'))],
    ['!ispresent(x) or y', bin('or', not(call('ispresent', f('x'))), f('y'))],
    ['not not a', not(not(f('a')))],
    ['a = 1 + 2 * 3', bin('=', f('a'), bin('+', n(1), bin('*', n(2), n(3))))],
    ['a - b - c', bin('-', bin('-', f('a'), f('b')), f('c'))],
    ['a / b % c', bin('%', bin('/', f('a'), f('b')), f('c'))],
    ['2 ^ 3 ^ 2', bin('^', n(2), bin('^', n(3), n(2)))],
    ['-2 ^ 2', neg(bin('^', n(2), n(2)))],
    ['2 ^ -1', bin('^', n(2), n(-1))],
    ['a ^ -b ^ c', bin('^', f('a'), neg(bin('^', f('b'), f('c'))))],
    ['-x * 3', bin('*', neg(f('x')), n(3))],
    ['a - -5', bin('-', f('a'), n(-5))],
    ['- - 5', n(5)],
    ['-(5)', n(-5)],
    ['a + b in [1, 2]', bin('in', bin('+', f('a'), f('b')), { kind: 'list', items: [n(1), n(2)] })],
    ['x not in [1]', bin('not in', f('x'), { kind: 'list', items: [n(1)] })],
    ['x not like "a" and y =~ /b/', bin('and', bin('not like', f('x'), s('a')), bin('=~', f('y'), { kind: 'regex', pattern: 'b' }))],
    ['(a or b) and c', bin('and', bin('or', f('a'), f('b')), f('c'))],
    ['a = b = c', bin('=', bin('=', f('a'), f('b')), f('c'))],
  ])('%s', (text, expected) => {
    expect(expr(text)).toStrictEqual(expected);
    expect(roundTripProblem(mustParse(`filter ${text}`))).toBeNull();
  });

  it.each([
    ['(a or b) and c', '(a or b) and c'],
    ['a or (b and c)', 'a or b and c'],
    ['(a + b) * c', '(a + b) * c'],
    ['a - (b - c)', 'a - (b - c)'],
    ['(2 ^ 3) ^ 2', '(2 ^ 3) ^ 2'],
    ['(-2) ^ 2', '(-2) ^ 2'],
    ['-(2 ^ 2)', '-2 ^ 2'],
    ['(not a) = b', '(not a) = b'],
    ['not (a and b)', 'not (a and b)'],
    ['!(a)', 'not a'],
    ['a = (b = c)', 'a = (b = c)'],
    ['(jsonParse(x)).y', 'jsonParse(x).y'],
    ['(a + b).c', '(a + b).c'],
    ['(-5).x', '(-5).x'],
    ['-0', '-0'],
  ])('prints %s as %s', (text, printed) => {
    expect(canon(text)).toBe(printed);
    expect(roundTripProblem(mustParse(`filter ${text}`))).toBeNull();
  });

  it('keeps -0 through a round trip', () => {
    expect(Object.is((expr('-0') as { value: number }).value, -0)).toBe(true);
    expect(stripSpans(mustParse(print(mustParse('filter -0'))))).toStrictEqual(ast('filter -0'));
  });
});

describe('literals', () => {
  it('reads numbers: ints, decimals, exponents, negative', () => {
    expect(expr('1')).toStrictEqual(n(1));
    expect(expr('3.25')).toStrictEqual(n(3.25));
    expect(expr('1e3')).toStrictEqual(n(1000));
    expect(expr('2.5E-2')).toStrictEqual(n(0.025));
    expect(expr('1e+21')).toStrictEqual(n(1e21));
    expect(expr('-7')).toStrictEqual(n(-7));
    expect(canon('1e21')).toBe('1e+21');
  });

  it('reads strings in both quotes, with escapes, and prints them double-quoted', () => {
    expect(expr(`"a\\"b"`)).toStrictEqual(s('a"b'));
    expect(expr(`'it\\'s'`)).toStrictEqual(s("it's"));
    expect(expr(`'say "hi"'`)).toStrictEqual(s('say "hi"'));
    expect(expr(`"tab\\there\\nnew"`)).toStrictEqual(s('tab\there\nnew'));
    expect(canon(`'say "hi"'`)).toBe('"say \\"hi\\""');
    expect(canon(`'it\\'s'`)).toBe(`"it's"`);
    expect(canon(`"a#b|c"`)).toBe('"a#b|c"');
  });

  it('reads booleans and keeps unknown backslash escapes verbatim', () => {
    expect(expr('true')).toStrictEqual({ kind: 'boolean', value: true });
    expect(expr('FALSE')).toStrictEqual({ kind: 'boolean', value: false });
    expect(expr('"C:\\logs\\d+"')).toStrictEqual(s('C:\\logs\\d+'));
    expect(canon('"C:\\logs"')).toBe('"C:\\\\logs"');
    expect(canon('"a\\tb"')).toBe('"a\\tb"');
  });

  it('reads lists and `count(*)`', () => {
    expect(expr('x in []')).toStrictEqual(bin('in', f('x'), { kind: 'list', items: [] }));
    expect(cmd('stats count(*)')).toStrictEqual({
      kind: 'stats', aggregations: [{ expr: { kind: 'call', name: 'count', args: [{ kind: 'star' }] } }], groupBy: [],
    });
  });
});
