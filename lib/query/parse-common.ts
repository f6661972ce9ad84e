// Small grammar pieces several commands share: projections, name lists, `key=value` options,
// literal option values, parenthesized subqueries.
import type { DurationLit, FieldRef, Ident, Projection, Query, StringLit } from './ast';
import { negateAll, parseExpr, parseFieldRef, parseIdent } from './parse-expr';
import { type TokenStream, spanOf } from './parser-core';
import type { Token } from './tokens';

/** `expr [as alias]` */
export function parseProjection(p: TokenStream): Projection {
  const expr = parseExpr(p);
  if (!p.acceptKw('as')) return { expr, span: spanOf(expr) };
  const alias = parseIdent(p, 'alias');
  return { expr, alias, span: { start: spanOf(expr).start, end: spanOf(alias).end } };
}

/** One or more items separated by commas. */
export function commaList<T>(p: TokenStream, item: (p: TokenStream) => T): T[] {
  const out = [item(p)];
  while (p.acceptOp(',')) out.push(item(p));
  return out;
}

export const fieldList = (p: TokenStream): FieldRef[] => commaList(p, (q) => parseFieldRef(q));
export const identList = (p: TokenStream, what: string): Ident[] => commaList(p, (q) => parseIdent(q, what));

/** Does the command end here (pipe, closing parenthesis of a subquery, end of text)? */
export function atCommandEnd(p: TokenStream): boolean {
  const t = p.peek();
  return t.type === 'eof' || p.isOp(t, '|') || p.isOp(t, ')');
}

/**
 * `key=value` options in any order, each at most once. A word only counts as an option when an
 * `=` follows, so a field may still be called `row` or `action`.
 */
export function parseOptions(p: TokenStream, handlers: Record<string, (p: TokenStream) => void>): void {
  const seen = new Set<string>();
  for (;;) {
    const t = p.peek();
    const key = p.kw(t);
    if (!Object.hasOwn(handlers, key) || !p.isOp(p.peek2(), '=')) return;
    if (seen.has(key)) p.fail(`Option '${key}' is given twice`, t);
    seen.add(key);
    p.next();
    p.next();
    handlers[key](p);
  }
}

export function parseBool(p: TokenStream): boolean {
  const t = p.peek();
  const k = p.kw(t);
  if (k !== 'true' && k !== 'false') p.unexpected(["'true'", "'false'"]);
  p.next();
  return k === 'true';
}

/** One of the given words (case-insensitive); returns the spelling from `words`. */
export function parseChoice<T extends string>(p: TokenStream, words: readonly T[]): T {
  const k = p.kw(p.peek());
  const hit = words.find((w) => w.toLowerCase() === k);
  if (hit === undefined) p.unexpected(words.map((w) => `'${w}'`));
  p.next();
  return hit;
}

export function parseNumber(p: TokenStream, opts: { integer?: boolean } = {}): number {
  const t = p.peek();
  if (t.type !== 'number') p.unexpected([opts.integer ? 'whole number' : 'number']);
  const n = t.num ?? 0;
  if (opts.integer && !Number.isSafeInteger(n)) p.fail(`Expected a whole number, got ${t.value}`, t);
  p.next();
  return n;
}

function takeMinuses(p: TokenStream): Token[] {
  const out: Token[] = [];
  while (p.isOp(p.peek(), '-')) out.push(p.next());
  return out;
}

/** A time period such as `1h` or `-1d`. */
export function parseDuration(p: TokenStream): DurationLit {
  const minuses = takeMinuses(p);
  const t = p.peek();
  if (t.type !== 'duration') p.unexpected(['duration (like 5m or 1h)']);
  p.next();
  const lit: DurationLit = { kind: 'duration', value: t.num ?? 0, unit: t.unit ?? 'ms', span: { start: t.start, end: t.end } };
  return negateAll(minuses, lit) as DurationLit;
}

export function parseString(p: TokenStream, what = 'string'): StringLit {
  const t = p.peek();
  if (t.type !== 'string') p.unexpected([what]);
  p.next();
  return { kind: 'string', value: t.value, span: { start: t.start, end: t.end } };
}

/** `( <query> )` — a subquery in parentheses. */
export function parseParenQuery(p: TokenStream): Query {
  const open = p.peek();
  if (!p.isOp(open, '(')) p.unexpected(["'('"]);
  p.enter(open);
  p.next();
  const q = p.subquery(p);
  p.expectOp(')', ["'|'"]);
  p.leave();
  return q;
}
