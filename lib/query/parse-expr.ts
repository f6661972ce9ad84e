// Expression parser. Precedence, loosest first (the docs give none; this follows SQL/math):
//   or < and < not/! (prefix) < comparison (= != < <= > >= like, not like, =~, in, not in)
//   < + - < * / % < unary - < ^ (right-assoc) < postfix (.name, [index]) and calls.
// Operator chains and prefix operators are parsed with loops, so only parentheses, brackets,
// calls and subqueries recurse; those count against MAX_NESTING.
import type { BinaryOp, CallExpr, Expr, FieldRef, Ident } from './ast';
import { BARE_CALLS, canonicalFunctionName } from './functions';
import { type TokenStream, join, spanOf } from './parser-core';
import type { Token } from './tokens';

const COMPARE_OPS = new Set(['=', '!=', '<', '<=', '>', '>=', '=~']);
/** Words that can never start an operand. */
const NOT_AN_OPERAND = new Set(['and', 'or', 'like', 'in', 'as', 'by']);

export function parseExpr(p: TokenStream): Expr {
  let left = parseAnd(p);
  while (p.isKw(p.peek(), 'or')) {
    p.next();
    left = binary('or', left, parseAnd(p));
  }
  return left;
}

function parseAnd(p: TokenStream): Expr {
  let left = parseNot(p);
  while (p.isKw(p.peek(), 'and')) {
    p.next();
    left = binary('and', left, parseNot(p));
  }
  return left;
}

function parseNot(p: TokenStream): Expr {
  const nots: Token[] = [];
  for (let t = p.peek(true); p.isKw(t, 'not') || p.isOp(t, '!'); t = p.peek(true)) nots.push(p.next(true));
  let e = parseComparison(p);
  for (let i = nots.length - 1; i >= 0; i--) {
    e = { kind: 'unary', op: 'not', operand: e, span: { start: nots[i].start, end: spanOf(e).end } };
  }
  return e;
}

function parseComparison(p: TokenStream): Expr {
  let left = parseAdditive(p);
  for (;;) {
    const t = p.peek();
    let op: BinaryOp | null = null;
    let negated = false;
    if (t.type === 'op' && COMPARE_OPS.has(t.value)) op = t.value as BinaryOp;
    else if (p.isKw(t, 'like')) op = 'like';
    else if (p.isKw(t, 'in')) op = 'in';
    else if (p.isKw(t, 'not')) {
      const k = p.kw(p.peek2());
      if (k === 'like' || k === 'in') {
        op = k === 'like' ? 'not like' : 'not in';
        negated = true;
      }
    }
    if (op === null) return left;
    p.next();
    if (negated) p.next();
    const right = op === 'in' || op === 'not in' ? parseInOperand(p) : parseAdditive(p);
    left = binary(op, left, right);
  }
}

// `in [ … ]`, `in someListField`, or `in ( <subquery> )`.
function parseInOperand(p: TokenStream): Expr {
  const open = p.peek(true);
  if (!p.isOp(open, '(')) return parseAdditive(p);
  p.enter(open);
  p.next();
  const query = p.subquery(p);
  p.expectOp(')', ["'|'"]);
  p.leave();
  return { kind: 'subquery', query, span: p.spanFrom(open.start) };
}

function parseAdditive(p: TokenStream): Expr {
  let left = parseMultiplicative(p);
  for (let t = p.peek(); p.isOp(t, '+') || p.isOp(t, '-'); t = p.peek()) {
    p.next();
    left = binary(t.value as BinaryOp, left, parseMultiplicative(p));
  }
  return left;
}

function parseMultiplicative(p: TokenStream): Expr {
  let left = parseUnary(p);
  for (let t = p.peek(); p.isOp(t, '*') || p.isOp(t, '/') || p.isOp(t, '%'); t = p.peek()) {
    p.next();
    left = binary(t.value as BinaryOp, left, parseUnary(p));
  }
  return left;
}

function takeMinuses(p: TokenStream): Token[] {
  const minuses: Token[] = [];
  while (p.isOp(p.peek(true), '-')) minuses.push(p.next(true));
  return minuses;
}

function parseUnary(p: TokenStream): Expr {
  const minuses = takeMinuses(p);
  return negateAll(minuses, parsePower(p));
}

// a ^ -b ^ c  ==  a ^ (-(b ^ c)): each exponent carries its own prefix minuses.
function parsePower(p: TokenStream): Expr {
  const bases: Expr[] = [parsePostfix(p)];
  const signs: Token[][] = [[]];
  while (p.acceptOp('^')) {
    signs.push(takeMinuses(p));
    bases.push(parsePostfix(p));
  }
  let last = bases.length - 1;
  let acc = negateAll(signs[last], bases[last]);
  for (last--; last >= 1; last--) acc = negateAll(signs[last], binary('^', bases[last], acc));
  return bases.length === 1 ? acc : binary('^', bases[0], acc);
}

/** Applies prefix minuses, folding them into number and duration literals (`-5` is a literal). */
export function negateAll(minuses: Token[], operand: Expr): Expr {
  let e = operand;
  for (let i = minuses.length - 1; i >= 0; i--) {
    const span = { start: minuses[i].start, end: spanOf(e).end };
    if (e.kind === 'number') e = { kind: 'number', value: -e.value, span };
    else if (e.kind === 'duration') e = { kind: 'duration', value: -e.value, unit: e.unit, span };
    else e = { kind: 'unary', op: '-', operand: e, span };
  }
  return e;
}

function parsePostfix(p: TokenStream): Expr {
  let e = parsePrimary(p);
  for (;;) {
    const t = p.peek();
    if (p.isOp(t, '.')) {
      p.next();
      const seg = p.expectIdent('field name');
      const span = { start: spanOf(e).start, end: seg.end };
      // A dotted name on a field is still one field (`user.id`); on anything else it is access.
      // The field node was created by this parse, so growing it in place is safe (and linear).
      if (e.kind === 'field') {
        e.path.push(seg.value);
        e.span = span;
      } else {
        e = { kind: 'member', object: e, name: seg.value, span };
      }
    } else if (p.isOp(t, '[')) {
      p.enter(t);
      p.next();
      const index = parseExpr(p);
      p.expectOp(']');
      p.leave();
      e = { kind: 'index', object: e, index, span: { start: spanOf(e).start, end: p.lastEnd } };
    } else {
      return e;
    }
  }
}

function parsePrimary(p: TokenStream): Expr {
  const t = p.peek(true);
  const span = { start: t.start, end: t.end };
  switch (t.type) {
    case 'string':
      p.next(true);
      return { kind: 'string', value: t.value, span };
    case 'number':
      p.next(true);
      return { kind: 'number', value: t.num ?? 0, span };
    case 'duration':
      p.next(true);
      return { kind: 'duration', value: t.num ?? 0, unit: t.unit ?? 'ms', span };
    case 'regex':
      p.next(true);
      return { kind: 'regex', pattern: t.value, span };
    case 'ident':
      return parseNamePrimary(p, t);
    case 'op':
      if (t.value === '(') {
        p.enter(t);
        p.next(true);
        const e = parseExpr(p);
        p.expectOp(')');
        p.leave();
        return e;
      }
      if (t.value === '[') return parseList(p, t);
      break;
    default:
      break;
  }
  return p.unexpected(['expression'], t);
}

function parseNamePrimary(p: TokenStream, t: Token): Expr {
  const span = { start: t.start, end: t.end };
  if (t.quoted) {
    p.next();
    return { kind: 'field', path: [t.value], span };
  }
  const kw = p.kw(t);
  if (kw === 'true' || kw === 'false') {
    p.next();
    return { kind: 'boolean', value: kw === 'true', span };
  }
  if (NOT_AN_OPERAND.has(kw)) p.unexpected(['expression'], t);
  const after = p.peek2();
  // `avg (f1)` is a call (an official sample has the space), but only for documented names, so
  // `where a.x = b (SOURCE …)` in a join does not turn `b` into a function.
  if (p.isOp(after, '(') && (after.start === t.end || canonicalFunctionName(t.value) !== undefined)) {
    return parseCall(p, t);
  }
  p.next();
  if (BARE_CALLS.has(kw) || (kw === 'count' && p.inStats)) {
    return { kind: 'call', name: canonicalFunctionName(t.value) ?? t.value, args: [], span };
  }
  return { kind: 'field', path: [t.value], span };
}

function parseCall(p: TokenStream, nameTok: Token): CallExpr {
  p.next();
  const open = p.next();
  p.enter(open);
  const args: Expr[] = [];
  if (!p.acceptOp(')')) {
    for (;;) {
      const t = p.peek(true);
      const k = p.isOp(t, '*') ? p.peek2() : null;
      if (k !== null && (p.isOp(k, ')') || p.isOp(k, ','))) {
        p.next();
        args.push({ kind: 'star', span: { start: t.start, end: t.end } });
      } else {
        args.push(parseExpr(p));
      }
      if (p.acceptOp(')')) break;
      p.expectOp(',', ["')'"]);
    }
  }
  p.leave();
  const name = canonicalFunctionName(nameTok.value) ?? nameTok.value;
  return { kind: 'call', name, args, span: p.spanFrom(nameTok.start) };
}

function parseList(p: TokenStream, open: Token): Expr {
  p.enter(open);
  p.next(true);
  const items: Expr[] = [];
  if (!p.acceptOp(']')) {
    for (;;) {
      items.push(parseExpr(p));
      if (p.acceptOp(']')) break;
      p.expectOp(',', ["']'"]);
    }
  }
  p.leave();
  return { kind: 'list', items, span: p.spanFrom(open.start) };
}

function binary(op: BinaryOp, left: Expr, right: Expr): Expr {
  return { kind: 'binary', op, left, right, span: join(left, right) };
}

/** A field name: `a`, `a.b.0`, `` `x-y`.z ``, `` @`k:v` ``. Keywords are accepted as names. */
export function parseFieldRef(p: TokenStream, what = 'field name'): FieldRef {
  const first = p.expectIdent(what);
  const path = [first.value];
  while (p.acceptOp('.')) path.push(p.expectIdent('field name').value);
  return { kind: 'field', path, span: p.spanFrom(first.start) };
}

/** A plain name (alias, table, …); a dotted name is joined: `as a.b` → "a.b". */
export function parseIdent(p: TokenStream, what = 'name'): Ident {
  const f = parseFieldRef(p, what);
  return { name: f.path.join('.'), span: spanOf(f) };
}
