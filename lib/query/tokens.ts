// Token shapes and the small tables the lexer, parser and printer share.
import type { DurationUnit } from './ast-expr';

export type TokenType = 'ident' | 'string' | 'number' | 'duration' | 'regex' | 'op' | 'eof';

export interface Token {
  type: TokenType;
  start: number;
  end: number;
  /** ident: the name (backticks removed); string: the unescaped value; regex: the pattern;
   *  op: the operator text; number/duration: the source text. */
  value: string;
  /** ident written in backticks: never a keyword. */
  quoted?: boolean;
  num?: number;
  unit?: DurationUnit;
  /** Cached keyword text (see TokenStream.kw); '' when the token cannot be a keyword. */
  kw?: string;
}

export const OPERATORS2 = ['!=', '<=', '>=', '=~'] as const;
export const OPERATORS1 = '|,()[].:=<>+-*/%^!';

/** Every spelling the docs allow (plus plurals, "adding s to pluralize is supported"). */
const UNIT_SPELLINGS: Record<DurationUnit, string[]> = {
  ms: ['ms', 'msec', 'msecs', 'millisecond', 'milliseconds'],
  s: ['s', 'sec', 'secs', 'second', 'seconds'],
  m: ['m', 'min', 'mins', 'minute', 'minutes'],
  h: ['h', 'hr', 'hrs', 'hour', 'hours'],
  d: ['d', 'day', 'days'],
  w: ['w', 'week', 'weeks'],
  mo: ['mo', 'mos', 'mon', 'mons', 'month', 'months'],
  q: ['q', 'qtr', 'qtrs', 'quarter', 'quarters'],
  y: ['y', 'yr', 'yrs', 'year', 'years'],
};

export const DURATION_UNITS: ReadonlyMap<string, DurationUnit> = new Map(
  (Object.entries(UNIT_SPELLINGS) as Array<[DurationUnit, string[]]>).flatMap(([unit, names]) =>
    names.map((n): [string, DurationUnit] => [n, unit]),
  ),
);

/**
 * Words the printer always backticks when they are used as names, because somewhere in the
 * grammar they are read as keywords (operators, literals, clause words, bare zero-arg calls).
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  'and', 'or', 'not', 'like', 'in', 'as', 'by', 'asc', 'desc', 'true', 'false', 'any', 'multi',
  'into', 'output', 'outputnew', 'logfmt', 'csv', 'with', 'for', 'maxspan', 'offset', 'where',
  'now', 'count', 'querystarttime', 'queryendtime', 'querytimerange', 'timeshift',
]);

// Character classes. ASCII is checked by code; anything else by Unicode property.
const NON_ASCII_NAME_START = /^[\p{L}]$/u;
const NON_ASCII_NAME_PART = /^[\p{L}\p{N}]$/u;

export function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Length (1 or 2 UTF-16 units) of a name character at `i`, or 0 if there is none. */
export function nameCharLength(src: string, i: number, start: boolean): number {
  const c = src.charCodeAt(i);
  if (Number.isNaN(c)) return 0;
  if (c < 128) {
    if (isAsciiLetter(c) || c === 95 /* _ */ || c === 64 /* @ */) return 1;
    return !start && isDigit(c) ? 1 : 0;
  }
  const cp = src.codePointAt(i) ?? 0;
  const ch = String.fromCodePoint(cp);
  return (start ? NON_ASCII_NAME_START : NON_ASCII_NAME_PART).test(ch) ? ch.length : 0;
}

const BARE_NAME = /^[\p{L}_@][\p{L}\p{N}_@]*$/u;
const BARE_SEGMENT = /^[\p{L}\p{N}_@]+$/u;

/** Can this name be written without backticks where a name starts (not after a dot)? */
export function isBareName(name: string): boolean {
  return BARE_NAME.test(name) && !RESERVED_NAMES.has(name.toLowerCase());
}
/** Can this path segment be written without backticks right after a dot? */
export function isBareSegment(seg: string): boolean {
  return BARE_SEGMENT.test(seg);
}

export function isWhitespace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12 || c === 0xa0 ||
    c === 0xfeff || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x3000 ||
    c === 0x1680 || c === 0x202f || c === 0x205f;
}

export function describeToken(t: Token): string {
  switch (t.type) {
    case 'eof':
      return 'end of query';
    case 'string':
      return 'string';
    case 'regex':
      return 'regular expression';
    case 'number':
    case 'duration':
      return `'${clip(t.value)}'`;
    case 'ident':
      return t.quoted ? `name \`${clip(t.value)}\`` : `'${clip(t.value)}'`;
    default:
      return `'${t.value}'`;
  }
}

function clip(s: string): string {
  return s.length > 30 ? `${s.slice(0, 30)}…` : s;
}
