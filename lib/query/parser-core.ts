// The token stream the parsers share: lazy lexing with one or two tokens of lookahead, keyword
// tests, nesting guard and error helpers. Work is counted so tests can check linear time.
import type { Query, Span } from './ast';
import { ParseFailure, formatExpected } from './errors';
import { lexToken } from './lexer';
import { describeToken, type Token } from './tokens';

/** Parentheses, brackets, calls and subqueries deeper than this are rejected with an error. */
export const MAX_NESTING = 100;

export interface ParseWork {
  /** Tokens lexed (a position is lexed at most twice: once per `/` interpretation). */
  tokens: number;
  /** Characters the lexer scanned, whitespace and comments included. */
  chars: number;
  /** Parser steps: token look-ups (peek/next). Every parse function does O(1) work per step. */
  steps: number;
}

export class TokenStream {
  /** Where the next token's leading trivia starts (end of the last consumed token). */
  private pos = 0;
  private last: Token | null = null;
  private c0: Token | null = null;
  private c0Regex = false;
  private c1: Token | null = null;
  private depth = 0;
  readonly work: ParseWork = { tokens: 0, chars: 0, steps: 0 };
  /** `count` written bare inside `stats` means `count(*)`. */
  inStats = false;
  /** Set by parser.ts so expressions can hold `in ( <query> )` without an import cycle. */
  subquery: (p: TokenStream) => Query = () => {
    throw new Error('subquery parser not installed');
  };

  constructor(readonly src: string) {}

  private lex(pos: number, prev: Token | null, regexOk: boolean): Token {
    const t = lexToken(this.src, pos, prev, regexOk);
    this.work.tokens++;
    this.work.chars += t.end - pos;
    return t;
  }

  /** The next token. `regexOk` is true where an operand is expected (then `/` opens a regex). */
  peek(regexOk = false): Token {
    this.work.steps++;
    const c = this.c0;
    if (c !== null && (this.c0Regex === regexOk || this.src.charCodeAt(c.start) !== 47)) return c;
    this.c0 = this.lex(this.pos, this.last, regexOk);
    this.c0Regex = regexOk;
    this.c1 = null;
    return this.c0;
  }

  /** The token after `peek()` (lexed in operator mode). */
  peek2(): Token {
    const first = this.peek(this.c0 !== null && this.c0Regex);
    if (first.type === 'eof') return first;
    this.c1 ??= this.lex(first.end, first, false);
    return this.c1;
  }

  next(regexOk = false): Token {
    const t = this.peek(regexOk);
    this.pos = t.end;
    this.last = t;
    this.c0 = this.c1;
    this.c0Regex = false;
    this.c1 = null;
    return t;
  }

  /** End offset of the last consumed token. */
  get lastEnd(): number {
    return this.last === null ? 0 : this.last.end;
  }

  spanFrom(start: number): Span {
    return { start, end: this.lastEnd };
  }

  enter(at: Token): void {
    if (++this.depth > MAX_NESTING) {
      throw new ParseFailure(`Nesting is too deep (more than ${MAX_NESTING} levels)`, at.start, at.end);
    }
  }

  leave(): void {
    this.depth--;
  }

  // ---- token tests ------------------------------------------------------------------------

  /** Lower-cased keyword text of an unquoted identifier, or '' (long names are never keywords). */
  kw(t: Token): string {
    t.kw ??= t.type === 'ident' && !t.quoted && t.value.length <= 24 ? t.value.toLowerCase() : '';
    return t.kw;
  }

  isKw(t: Token, word: string): boolean {
    return this.kw(t) === word;
  }

  isOp(t: Token, op: string): boolean {
    return t.type === 'op' && t.value === op;
  }

  /** Consumes the keyword if it is next. */
  acceptKw(word: string): Token | null {
    const t = this.peek();
    return this.isKw(t, word) ? this.next() : null;
  }

  acceptOp(op: string): Token | null {
    const t = this.peek();
    return this.isOp(t, op) ? this.next() : null;
  }

  expectOp(op: string, alsoExpected: string[] = []): Token {
    return this.acceptOp(op) ?? this.unexpected([`'${op}'`, ...alsoExpected]);
  }

  expectKw(word: string): Token {
    return this.acceptKw(word) ?? this.unexpected([`'${word}'`]);
  }

  /** An identifier token (any name, keywords included) or an error. */
  expectIdent(what: string): Token {
    const t = this.peek();
    if (t.type !== 'ident') this.unexpected([what]);
    return this.next();
  }

  // ---- errors -----------------------------------------------------------------------------

  fail(message: string, at: Span, expected?: string[]): never {
    throw new ParseFailure(message, at.start, at.end, expected);
  }

  /** "Unexpected X; expected A or B" at the next token. */
  unexpected(expected: string[], t: Token = this.peek()): never {
    const what = describeToken(t);
    const msg = expected.length > 0 ? `Unexpected ${what}; expected ${formatExpected(expected)}` : `Unexpected ${what}`;
    throw new ParseFailure(msg, t.start, t.end, expected);
  }
}

export function spanOf(node: { span?: Span }): Span {
  return node.span ?? { start: 0, end: 0 };
}

export function join(a: { span?: Span }, b: { span?: Span }): Span {
  return { start: spanOf(a).start, end: spanOf(b).end };
}
