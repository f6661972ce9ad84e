// Value semantics of the JS predicate (SEMANTICS.md): reading numbers, printing them, comparing,
// truthiness and DuckDB-compatible string helpers. Kept identical to the SQL engine
// (server/store/duckdb/query/values.ts, operators.ts); the differential test holds them together.

/** A value inside an expression: a field value, a literal or a computed result. null = missing. */
export type Value = string | number | boolean | null;

/** SEMANTICS.md "reads as a number", with RE2's `\s` (tab, newline, form feed, return, space). */
const NUMBER_TEXT = /^[\t\n\f\r ]*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?[\t\n\f\r ]*$/;
/** The same test for string literals of the query, decided by the SQL compiler with JS's `\s`. */
const NUMBER_LITERAL = /^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/** A string's number when it reads as one (and is finite), else null. */
export function numberFromText(s: string): number | null {
  if (!NUMBER_TEXT.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** The number a string literal of the query stands for in comparisons, else null. */
export function numberFromLiteral(s: string): number | null {
  if (!NUMBER_LITERAL.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** The value as a number: numbers, and strings that read as numbers. Booleans and null → null. */
export function toNum(v: Value): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return numberFromText(v);
  return null;
}

/**
 * A number's text as the SQL engine prints it: integers below 1e15 as digits, anything else as
 * DuckDB prints a DOUBLE (Python's repr: `1e-05`, `1500000000000000.0`, `1.5e+16`).
 */
export function numText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'nan' : n > 0 ? 'inf' : '-inf';
  const [mant, expText] = Math.abs(n).toExponential().split('e');
  const exp = Number(expText);
  const digits = mant.replace('.', '');
  const sign = n < 0 ? '-' : '';
  if (exp >= -4 && exp < 16) {
    if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
    const int = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
    const frac = digits.slice(exp + 1);
    return `${sign}${int}.${frac || '0'}`;
  }
  return `${sign}${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** The value as text: numbers in the engine's shortest form, booleans as true/false. */
export function toText(v: Value): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numText(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return null;
}

/** The value as a filter condition (SQL three-valued): non-zero numbers and the text `true`. */
export function truthy(v: Value): boolean | null {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') {
    const n = numberFromText(v);
    if (n !== null) return n !== 0;
    return v.length === 4 && v.toLowerCase() === 'true';
  }
  return null;
}

/** Orders strings by code point (= UTF-8 bytes, as DuckDB compares VARCHAR). */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        // Surrogates (code points above U+FFFF) sort after U+E000–U+FFFF.
        x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
        y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      }
      return x - y;
    }
  }
  return a.length - b.length;
}

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export function holds(op: CompareOp, c: number): boolean {
  switch (op) {
    case '=':
      return c === 0;
    case '!=':
      return c !== 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
  }
}

function numCompare(op: CompareOp, x: number, y: number): boolean {
  switch (op) {
    case '=':
      return x === y;
    case '!=':
      return x !== y;
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
  }
}

/**
 * `a op b` by SEMANTICS.md: null on either side → null; a number against a number or a string
 * that reads as one → numeric; otherwise text, by code point. `aText`/`bText` override the text of
 * a side (literal numbers print as JS prints them, as the SQL compiler renders literals).
 */
export function compareValues(op: CompareOp, a: Value, b: Value, aText?: string, bText?: string): boolean | null {
  if (a === null || b === null) return null;
  if (typeof a === 'number') {
    const y = typeof b === 'number' ? b : typeof b === 'string' ? numberFromText(b) : null;
    if (y !== null) return numCompare(op, a, y);
  } else if (typeof b === 'number' && typeof a === 'string') {
    const x = numberFromText(a);
    if (x !== null) return numCompare(op, x, b);
  }
  const ta = aText ?? (toText(a) as string);
  const tb = bText ?? (toText(b) as string);
  if (op === '=') return ta === tb;
  if (op === '!=') return ta !== tb;
  return holds(op, compareText(ta, tb));
}

// ---------------------------------------------------------------------------------------------
// DuckDB string functions on code points

// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7f]*$/;
const SURROGATE = /[\ud800-\udfff]/;

/** Length in code points (DuckDB's length()). */
export function codePointLength(s: string): number {
  if (!SURROGATE.test(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n;
}

const UPPER_EXCEPTIONS: Record<string, string> = { 'ß': 'ẞ' };
const LOWER_EXCEPTIONS: Record<string, string> = { 'İ': 'i' };

/** Case mapping one code point at a time, as DuckDB's upper()/lower() do (no length changes). */
function mapCase(s: string, upper: boolean): string {
  if (ASCII.test(s)) return upper ? s.toUpperCase() : s.toLowerCase();
  const exceptions = upper ? UPPER_EXCEPTIONS : LOWER_EXCEPTIONS;
  let out = '';
  for (const ch of s) {
    const special = exceptions[ch];
    if (special !== undefined) {
      out += special;
      continue;
    }
    const mapped = upper ? ch.toUpperCase() : ch.toLowerCase();
    // A mapping to several code points (ŉ → ʼN, ﬁ → FI) leaves the character as it is.
    out += mapped.length === ch.length || codePointLength(mapped) === 1 ? mapped : ch;
  }
  return out;
}

export const upper = (s: string): string => mapCase(s, true);
export const lower = (s: string): string => mapCase(s, false);

/** DuckDB's substring(s, offset, length): 1-based offset, negative from the end, 0 before the start. */
export function duckSubstring(s: string, offset: number, length: number): string {
  const chars = SURROGATE.test(s) ? Array.from(s) : null;
  const size = chars ? chars.length : s.length;
  let start: number;
  let len = length;
  if (len <= 0) return '';
  if (offset > 0) start = Math.min(size, offset - 1);
  else if (offset < 0) start = Math.max(size + offset, 0);
  else {
    start = 0;
    len--;
    if (len <= 0) return '';
  }
  const end = Math.min(size, start + len);
  if (start >= end) return '';
  return chars ? chars.slice(start, end).join('') : s.slice(start, end);
}

/** RE2's `\s`: the only characters trim() and isblank() treat as white space. */
export const RE2_SPACE = '\\t\\n\\f\\r ';
const LEADING_SPACE = new RegExp(`^[${RE2_SPACE}]+`);
const TRAILING_SPACE = new RegExp(`[${RE2_SPACE}]+$`);

export function trimSpace(s: string, side: 'l' | 'r' | 'both'): string {
  let out = s;
  if (side !== 'r') out = out.replace(LEADING_SPACE, '');
  if (side !== 'l') out = out.replace(TRAILING_SPACE, '');
  return out;
}

/** DuckDB's trim(s, characters): removes any of `chars` (code points) from the chosen ends. */
export function trimChars(s: string, chars: string, side: 'l' | 'r' | 'both'): string {
  if (chars === '') return s;
  const set = new Set(Array.from(chars));
  const cps = Array.from(s);
  let a = 0;
  let b = cps.length;
  if (side !== 'r') while (a < b && set.has(cps[a])) a++;
  if (side !== 'l') while (b > a && set.has(cps[b - 1])) b--;
  return cps.slice(a, b).join('');
}

/** DuckDB's round(): half away from zero; with digits, on x × 10^d. */
export function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

export function roundTo(x: number, digits: number): number {
  if (digits === 0) return roundHalfAway(x);
  if (digits > 0) {
    const m = 10 ** digits;
    const scaled = x * m;
    if (!Number.isFinite(scaled)) return x;
    return roundHalfAway(scaled) / m;
  }
  const m = 10 ** -digits;
  return roundHalfAway(x / m) * m;
}
