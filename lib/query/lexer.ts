// The lexer is driven by the parser, one token at a time, because `/` means division after an
// operand and starts a regex literal where an operand is expected — only the parser knows which.
// Every function here is a pure function of (source, position, previous token, mode), so the
// token stream can re-lex a position in the other mode without any hidden state.
import { ParseFailure } from './errors';
import {
  DURATION_UNITS, OPERATORS1, OPERATORS2, isAsciiLetter, isDigit, isWhitespace, nameCharLength,
  type Token,
} from './tokens';

const BACKTICK = 96;
const HASH = 35;
const NL = 10;
const CR = 13;

/** Skips whitespace and `#` comments (to the end of the line). Returns the next token start. */
export function skipTrivia(src: string, pos: number): number {
  let i = pos;
  for (;;) {
    const c = src.charCodeAt(i);
    if (isWhitespace(c)) {
      i++;
    } else if (c === HASH) {
      const nl = src.indexOf('\n', i);
      i = nl === -1 ? src.length : nl;
    } else {
      return i;
    }
  }
}

/**
 * Lexes the token that starts at or after `pos`.
 * @param prev the token that ended at `pos` (decides whether `.0` is a path segment)
 * @param regexOk whether an operand is expected (then `/` opens a regex literal)
 */
export function lexToken(src: string, pos: number, prev: Token | null, regexOk: boolean): Token {
  const start = skipTrivia(src, pos);
  if (start >= src.length) return { type: 'eof', start: src.length, end: src.length, value: '' };
  const c = src.charCodeAt(start);

  // Right after a dot (no space), a path segment may start with a digit: `items.0.id`.
  const afterDot = prev !== null && prev.type === 'op' && prev.value === '.' && prev.end === start;
  if (afterDot && nameCharLength(src, start, false) > 0) return lexName(src, start, start, false);

  if (c === BACKTICK) return lexBacktick(src, start, start + 1, '');
  if (c === 64 /* @ */ && src.charCodeAt(start + 1) === BACKTICK) return lexBacktick(src, start, start + 2, '@');
  if (nameCharLength(src, start, true) > 0) return lexName(src, start, start, true);
  if (isDigit(c)) return lexNumber(src, start);
  if (c === 34 /* " */ || c === 39 /* ' */) return lexString(src, start, c);
  if (c === 47 /* / */ && regexOk) return lexRegex(src, start);

  const two = src.slice(start, start + 2);
  for (const op of OPERATORS2) if (two === op) return { type: 'op', start, end: start + 2, value: op };
  const ch = src[start];
  if (OPERATORS1.includes(ch)) return { type: 'op', start, end: start + 1, value: ch };
  const cp = String.fromCodePoint(src.codePointAt(start) ?? 0);
  throw new ParseFailure(`Unexpected character '${cp}'`, start, start + cp.length);
}

function lexName(src: string, start: number, from: number, first: boolean): Token {
  let i = from;
  let n = nameCharLength(src, i, first);
  while (n > 0) {
    i += n;
    n = nameCharLength(src, i, false);
  }
  return { type: 'ident', start, end: i, value: src.slice(start, i) };
}

// `` `any chars` `` with a doubled backtick standing for one; `` @`…` `` keeps the @ outside.
function lexBacktick(src: string, start: number, from: number, prefix: string): Token {
  let value = prefix;
  let i = from;
  let chunk = i;
  for (;;) {
    const c = src.charCodeAt(i);
    if (Number.isNaN(c) || c === NL || c === CR) {
      throw new ParseFailure('Unterminated backtick name', start, i, ['`']);
    }
    if (c === BACKTICK) {
      value += src.slice(chunk, i);
      if (src.charCodeAt(i + 1) === BACKTICK) {
        value += '`';
        i += 2;
        chunk = i;
        continue;
      }
      i++;
      break;
    }
    i++;
  }
  if (value === prefix && prefix === '') throw new ParseFailure('Empty backtick name', start, i);
  return { type: 'ident', start, end: i, value, quoted: true };
}

function lexNumber(src: string, start: number): Token {
  let i = start;
  while (isDigit(src.charCodeAt(i))) i++;
  if (src.charCodeAt(i) === 46 /* . */ && isDigit(src.charCodeAt(i + 1))) {
    i++;
    while (isDigit(src.charCodeAt(i))) i++;
  }
  const e = src.charCodeAt(i);
  if (e === 101 || e === 69) {
    let j = i + 1;
    const sign = src.charCodeAt(j);
    if (sign === 43 || sign === 45) j++;
    if (isDigit(src.charCodeAt(j))) {
      while (isDigit(src.charCodeAt(j))) j++;
      i = j;
    }
  }
  const numText = src.slice(start, i);
  const num = Number(numText);
  if (!Number.isFinite(num)) throw new ParseFailure('Number is too large', start, i);
  if (isAsciiLetter(src.charCodeAt(i))) {
    let j = i;
    while (isAsciiLetter(src.charCodeAt(j))) j++;
    const word = src.slice(i, j);
    const unit = DURATION_UNITS.get(word.toLowerCase());
    if (nameCharLength(src, j, false) > 0) {
      throw new ParseFailure(`Invalid number or duration '${src.slice(start, j + 1)}'`, start, j + 1);
    }
    if (unit === undefined) {
      throw new ParseFailure(`Unknown time unit '${word}'`, i, j, ['ms', 's', 'm', 'h', 'd', 'w', 'mo', 'q', 'y']);
    }
    return { type: 'duration', start, end: j, value: src.slice(start, j), num, unit };
  }
  if (nameCharLength(src, i, false) > 0) {
    throw new ParseFailure(`Invalid number '${src.slice(start, i + 1)}'`, start, i + 1);
  }
  return { type: 'number', start, end: i, value: numText, num };
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'" };

// Single or double quotes; \n \t \r \\ \" \' are escapes, any other backslash is kept as is
// (glob patterns and Windows paths contain backslashes). A string may not span lines, so a
// missing quote is reported on its own line.
function lexString(src: string, start: number, quote: number): Token {
  let value = '';
  let i = start + 1;
  let chunk = i;
  for (;;) {
    const c = src.charCodeAt(i);
    if (Number.isNaN(c) || c === NL || c === CR) {
      throw new ParseFailure('Unterminated string', start, i, [String.fromCharCode(quote)]);
    }
    if (c === quote) break;
    if (c === 92 /* \ */) {
      const esc = ESCAPES[src[i + 1]];
      if (esc !== undefined) {
        value += src.slice(chunk, i) + esc;
        i += 2;
        chunk = i;
        continue;
      }
    }
    i++;
  }
  value += src.slice(chunk, i);
  return { type: 'string', start, end: i + 1, value };
}

// `/…/` up to the first unescaped slash; the pattern keeps its backslashes verbatim.
function lexRegex(src: string, start: number): Token {
  let i = start + 1;
  for (;;) {
    const c = src.charCodeAt(i);
    if (Number.isNaN(c) || c === NL || c === CR) {
      throw new ParseFailure('Unterminated regular expression', start, i, ['/']);
    }
    if (c === 47) break;
    if (c === 92) {
      const n = src.charCodeAt(i + 1);
      if (n === NL || n === CR) throw new ParseFailure('Unterminated regular expression', start, i + 1, ['/']);
      i += 2;
      continue;
    }
    i++;
  }
  return { type: 'regex', start, end: i + 1, value: src.slice(start + 1, i) };
}
