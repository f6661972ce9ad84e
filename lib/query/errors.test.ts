// Broken queries answer with a message, a line/column, what was expected and an excerpt.
import { describe, expect, it } from 'vitest';
import { MAX_AST_DEPTH, MAX_NESTING, parse } from './index';
import { mustFail } from './test-helpers';

// [query, message (regex), line, column, expected (subset, or null for none)]
const BROKEN: Array<[string, RegExp, number, number, string[] | null]> = [
  ['', /The query is empty/, 1, 1, ['command']],
  ['  # only a comment\n', /The query is empty/, 2, 1, ['command']],
  ['fields @timestamp,', /Unexpected end of query; expected expression/, 1, 19, ['expression']],
  ['fields a\n| sort b sideways', /Unexpected 'sideways'; expected '\|' or end of query/, 2, 10, ["'|'", 'end of query']],
  ['filter a = "abc\n| limit 1', /Unterminated string/, 1, 12, ['"']],
  ["filter a = 'abc", /Unterminated string/, 1, 12, ["'"]],
  ['filter a like /abc\n', /Unterminated regular expression/, 1, 15, ['/']],
  ['fields `foo-bar', /Unterminated backtick name/, 1, 8, ['`']],
  ['fields a\n  | frobnicate x', /Unknown command 'frobnicate'/, 2, 5, ['fields', 'stats', 'SOURCE']],
  ['fields a | head 10', /'head' is deprecated.*use 'limit'/, 1, 12, null],
  ['limit 2.5', /limit needs a whole number/, 1, 7, null],
  ['limit -1', /Unexpected '-'; expected number or 'any'/, 1, 7, ['number']],
  ['parse @message "* *" as a', /2 '\*' wildcards but 1 alias/, 1, 16, null],
  ['fields a | SOURCE lg', /SOURCE must be the first command/, 1, 12, null],
  ['stats count(*) by bin(5x)', /Unknown time unit 'x'/, 1, 24, ['ms', 'mo']],
  ['filter (a = 1', /Unexpected end of query; expected '\)'/, 1, 14, ["')'"]],
  ['filter a = 1 |', /expected command/, 1, 15, ['command']],
  ['filter a ~ b', /Unexpected character '~'/, 1, 10, null],
  ['filter a = and', /Unexpected 'and'; expected expression/, 1, 12, ['expression']],
  ['sort a desc,', /expected expression/, 1, 13, ['expression']],
  ['join type=outer where a.x = b.x (SOURCE lg)', /Unexpected 'outer'; expected 'inner' or 'left'/, 1, 11, ["'inner'", "'left'"]],
  ['filterIndex f > 3', /expected '=' or 'in'/, 1, 15, ["'='", "'in'"]],
  ['fields a |\n| fields b', /expected command/, 2, 1, ['command']],
  ['filter x in (fields a', /expected '\|' or '\)'/, 1, 22, ["')'"]],
  ['stats count(*) by x offset 5', /expected duration/, 1, 28, null],
  ['parse @message', /expected glob pattern string, regular expression/, 1, 15, null],
  ['fields f(a, ', /expected expression/, 1, 13, ['expression']],
  ['fields 12abc', /Unknown time unit 'abc'/, 1, 10, null],
  ['fields 5m2', /Invalid number or duration '5m2'/, 1, 8, null],
  ['fields 1e999', /Number is too large/, 1, 8, null],
  ['outlier action=remove', /expected field name/, 1, 22, ['field name']],
  ['addtotals row=yes', /expected 'true' or 'false'/, 1, 15, ["'true'", "'false'"]],
  ['diff lastWeek', /expected 'previousDay', 'previousWeek' or 'previousMonth'/, 1, 6, null],
  ['fields ``', /Empty backtick name/, 1, 8, null],
  ['fields a | expand b', /'expand' is listed by AWS but its syntax is not documented/, 1, 12, null],
];

describe('query errors', () => {
  it.each(BROKEN)('%j', (text, message, line, column, expected) => {
    const e = mustFail(text);
    expect(e.message).toMatch(message);
    expect([e.line, e.column]).toEqual([line, column]);
    if (expected) expect(e.expected).toEqual(expect.arrayContaining(expected));
    // The offset and the line/column describe the same place.
    const lines = text.slice(0, e.offset).split('\n');
    expect(lines.length).toBe(e.line);
    expect(lines[lines.length - 1].length + 1).toBe(e.column);
    expect(e.end).toBeGreaterThanOrEqual(e.offset);
  });

  it('shows the offending line with a caret under the column', () => {
    expect(mustFail('fields a\n| sort b sideways\n| limit 5').excerpt).toBe('| sort b sideways\n         ^');
    expect(mustFail('\tfilter\t(a = ]').excerpt).toBe('\tfilter\t(a = ]\n\t      \t     ^');
  });

  it('clips the excerpt of a very long line around the error', () => {
    const e = mustFail(`filter a = "${'x'.repeat(5000)}" ]`);
    expect(e.column).toBe(5015);
    const [text, caret] = e.excerpt.split('\n');
    expect(text.length).toBeLessThanOrEqual(82);
    expect(text[caret.indexOf('^')]).toBe(']');
  });

  it('caps nesting depth with a positioned error instead of overflowing the stack', () => {
    const e = mustFail(`filter ${'('.repeat(100_000)}a`);
    expect(e.message).toMatch(/Nesting is too deep/);
    expect(e.offset).toBe('filter '.length + MAX_NESTING);
    expect(mustFail(`filter x in ${'['.repeat(5000)}`).message).toMatch(/Nesting is too deep/);
    expect(mustFail(`fields ${'f('.repeat(5000)}`).message).toMatch(/Nesting is too deep/);
    expect(mustFail(`filter ${'x in (filter '.repeat(5000)}`).message).toMatch(/Nesting is too deep/);
  });

  it('refuses operator chains deeper than the AST limit, and accepts long flat lists', () => {
    expect(mustFail(`filter ${'a + '.repeat(MAX_AST_DEPTH + 10)}a`).message).toMatch(/nests too deeply/);
    expect(mustFail(`filter ${'not '.repeat(100_000)}a`).message).toMatch(/nests too deeply/);
    expect(mustFail(`filter ${'2 ^ '.repeat(100_000)}2`).message).toMatch(/nests too deeply/);
    expect(parse(`filter ${'a = 1 and '.repeat(200)}b`).ok).toBe(true);
    expect(parse(`fields ${Array.from({ length: 50_000 }, (_, i) => `f${i}`).join(', ')}`).ok).toBe(true);
  });

  it('never throws for non-string input from untyped callers', () => {
    const r = parse(42 as unknown as string);
    expect(r.ok).toBe(false);
  });
});
