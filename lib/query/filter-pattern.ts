// QL filter → CloudWatch filter pattern, for StartLiveTail pushdown (best effort). The pattern
// pre-filters on AWS's side; the bridge applies `residual` with the JS predicate to what arrives.
//
// The one rule: the pattern never excludes an event the full filter keeps. It may keep extra
// events — the residual removes them. Assumptions, stated so they can be checked:
//  - The bridge builds each event with lib/events' toLogEvent, keeping the message as received:
//    JSON objects are normalized and flattened, other lines are plain text with no fields.
//  - Patterns (FilterAndPatternSyntax): a quoted term matches messages containing it,
//    case-sensitively; `?"a" ?"b"` is either; `{ … }` matches JSON messages, with `$.key = "s"`
//    (string equal, `*` a wildcard), `$.key != "s"`, `$.key op n` on numbers, `IS TRUE`/`IS FALSE`,
//    `&&`, `||` and parentheses. Nothing is assumed about comparisons across types: every type of
//    JSON value the filter could accept gets its own alternative (a string may read as a number,
//    a boolean compares as the text true/false, …).
//  - Only top-level keys of letters and digits are pushed down: a dotted field (`user.id`) may
//    come from `{"user": {"id"}}` or from a key with a dot, `_` may stand for a character the
//    pipeline replaced, and `level` is rewritten (ERROR → error), so none of these can be matched
//    on the raw JSON. The names the pipeline renames to a field (statusCode → status) are added.
import { FIELD_ALIASES } from '@/lib/events';
import type { BinaryExpr, CompareOp, Expr, FieldRef } from './ast';
import { storedFieldName } from './predicate';
import { compareValues, numberFromLiteral, type Value } from './predicate-values';

export interface FilterPatternResult {
  /** `logEventFilterPattern` for StartLiveTail; '' = no pre-filter. At most 1 024 characters. */
  pattern: string;
  /** What the pattern does not decide exactly, to apply with the JS predicate; null = nothing. */
  residual: Expr | null;
}

export const MAX_PATTERN_LENGTH = 1024;

/** Fields whose values the pipeline rewrites (so the raw JSON holds other values). */
const REWRITTEN_VALUES = new Set(['level']);
/** Fields whose numeric strings become numbers (lib/events normalize.ts). */
const NUMERIC_FIELDS = new Set(['status', 'duration_ms']);
const KEY = /^[A-Za-z][A-Za-z0-9]*$/;
const ALIAS_KEY = /^[A-Za-z][A-Za-z0-9_]*$/;
/** Printable ASCII: what we put inside a quoted pattern string. */
const PRINTABLE = /^[\x20-\x7e]*$/;

export function toFilterPattern(expr: Expr | null): FilterPatternResult {
  if (expr === null) return { pattern: '', residual: null };
  const conjuncts = splitAnd(expr);
  const json: string[] = [];
  const terms: Array<{ index: number; texts: string[] }> = [];
  conjuncts.forEach((c, index) => {
    const t = termsOf(c);
    if (t) terms.push({ index, texts: t });
    const j = jsonOf(c, false);
    if (j) json.push(j);
  });
  if (json.length > 0) {
    // JSON clauses widen (alternatives per type), so the whole filter stays the residual.
    while (json.length > 0 && jsonPattern(json).length > MAX_PATTERN_LENGTH) json.pop();
    return { pattern: json.length ? jsonPattern(json) : '', residual: expr };
  }
  // Terms are exact: AND of single terms, or one OR group on its own.
  const single = terms.filter((t) => t.texts.length === 1);
  const chosen = single.length > 0 ? single : terms.slice(0, 1);
  let pattern = '';
  const used = new Set<number>();
  for (const t of chosen) {
    const piece = t.texts.length === 1 ? quote(t.texts[0]) : t.texts.map((x) => `?${quote(x)}`).join(' ');
    const next = pattern ? `${pattern} ${piece}` : piece;
    if (next.length > MAX_PATTERN_LENGTH) break;
    pattern = next;
    used.add(t.index);
  }
  const rest = conjuncts.filter((_, i) => !used.has(i));
  return { pattern, residual: rest.length ? joinAnd(rest) : null };
}

function splitAnd(e: Expr): Expr[] {
  const out: Expr[] = [];
  const stack = [e];
  while (stack.length > 0) {
    const x = stack.pop() as Expr;
    if (x.kind === 'binary' && x.op === 'and') stack.push(x.right, x.left);
    else out.push(x);
  }
  return out;
}

function joinAnd(parts: Expr[]): Expr {
  return parts.reduce((a, b) => ({ kind: 'binary', op: 'and', left: a, right: b }));
}

/** Quoted as CloudWatch (and the AWS CDK) quote terms and strings: backslash before \ and ". */
function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function jsonPattern(clauses: string[]): string {
  return `{ ${clauses.join(' && ')} }`;
}

// ---------------------------------------------------------------------------------------------
// Terms: `@message like "text"` (or an `or` of them)

function termsOf(e: Expr): string[] | null {
  if (e.kind === 'binary' && e.op === 'or') {
    const a = termsOf(e.left);
    const b = termsOf(e.right);
    return a && b ? [...a, ...b] : null;
  }
  if (e.kind !== 'binary' || (e.op !== 'like' && e.op !== '=~')) return null;
  if (e.left.kind !== 'field' || e.left.path.length !== 1 || e.left.path[0] !== '@message') return null;
  if (e.right.kind !== 'string' || e.right.value === '' || !PRINTABLE.test(e.right.value)) return null;
  return [e.right.value];
}

// ---------------------------------------------------------------------------------------------
// JSON clauses

/** The raw JSON keys a field can come from, or null when the raw JSON cannot be matched. */
function selectors(f: FieldRef): string[] | null {
  const stored = storedFieldName(f.path.join('.'));
  if (!KEY.test(stored) || REWRITTEN_VALUES.has(stored)) return null;
  const aliases = Object.keys(FIELD_ALIASES).filter((a) => FIELD_ALIASES[a] === stored);
  if (aliases.some((a) => !ALIAS_KEY.test(a))) return null;
  return [stored, ...aliases];
}

const NEGATED: Record<CompareOp, CompareOp> = { '=': '!=', '!=': '=', '<': '>=', '<=': '>', '>': '<=', '>=': '<' };
const FLIPPED: Record<CompareOp, CompareOp> = { '=': '=', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

function or(parts: string[]): string {
  return parts.length === 1 ? parts[0] : `(${parts.join(' || ')})`;
}

/** A JSON clause that every event satisfying `e` (or `not e` when `neg`) matches; null if none. */
function jsonOf(e: Expr, neg: boolean): string | null {
  if (e.kind === 'unary' && e.op === 'not') return jsonOf(e.operand, !neg);
  if (e.kind !== 'binary') return null;
  const op = e.op;
  if (op === 'and' || op === 'or') {
    const parts = [jsonOf(e.left, neg), jsonOf(e.right, neg)];
    // Under negation and/or swap (De Morgan; SQL's three values keep it true).
    const conjunction = (op === 'and') !== neg;
    if (conjunction) {
      // Dropping a side of an AND only widens it.
      const kept = parts.filter((p): p is string => p !== null);
      return kept.length === 0 ? null : kept.length === 1 ? kept[0] : `(${kept.join(' && ')})`;
    }
    return parts.every((p) => p !== null) ? or(parts as string[]) : null;
  }
  if (op === 'in' || op === 'not in') return setClause(e, neg !== (op === 'not in'));
  if (op === '=' || op === '!=' || op === '<' || op === '<=' || op === '>' || op === '>=') {
    let field = e.left;
    let lit = e.right;
    let cmp: CompareOp = op;
    if (field.kind !== 'field') {
      [field, lit] = [e.right, e.left];
      cmp = FLIPPED[op];
    }
    const value = literalValue(lit);
    if (field.kind !== 'field' || value === undefined) return null;
    return comparisonClause(field, neg ? NEGATED[cmp] : cmp, value);
  }
  return null;
}

function literalValue(e: Expr): Exclude<Value, null> | undefined {
  return e.kind === 'string' || e.kind === 'number' || e.kind === 'boolean' ? e.value : undefined;
}

/** `x in [a, b]` is `x = a or x = b`; `not in` is `x != a and x != b` (x null → null either way). */
function setClause(e: BinaryExpr, negate: boolean): string | null {
  if (e.left.kind !== 'field' || e.right.kind !== 'list' || e.right.items.length === 0) return null;
  const field = e.left;
  const parts: string[] = [];
  for (const item of e.right.items) {
    const v = literalValue(item);
    if (v === undefined) {
      if (negate) continue; // dropping a side of the AND only widens it
      return null;
    }
    const c = comparisonClause(field, negate ? '!=' : '=', v);
    if (c === null) return null;
    parts.push(c);
  }
  if (parts.length === 0) return null;
  return negate ? (parts.length === 1 ? parts[0] : `(${parts.join(' && ')})`) : or(parts);
}

/**
 * `field op literal` as alternatives, one per JSON type the field's value could have (SEMANTICS.md:
 * numbers compare numerically with numbers and numeric strings, everything else as text).
 */
function comparisonClause(field: FieldRef, op: CompareOp, lit: Exclude<Value, null>): string | null {
  const keys = selectors(field);
  if (!keys) return null;
  const litNum = typeof lit === 'number' ? lit : typeof lit === 'string' ? numberFromLiteral(lit) : null;
  const litText = typeof lit === 'number' ? String(lit) : undefined;
  const alternatives = (key: string): string[] => {
    const sel = `$.${key}`;
    const out: string[] = [];
    const anyNumber = [`${sel} >= 0`, `${sel} < 0`];
    const anyString = `${sel} = "*"`;
    // A number value: numeric against a numeric literal, else text (never equal).
    let numbers: string[] | null = null;
    if (litNum !== null) numbers = /^-?\d+(\.\d+)?$/.test(String(litNum)) ? [`${sel} ${op} ${String(litNum)}`] : anyNumber;
    else if (op !== '=') numbers = anyNumber;
    if (numbers) out.push(...numbers);
    // A string value (for status, also a numeric string the pipeline turned into a number).
    const numericField = NUMERIC_FIELDS.has(FIELD_ALIASES[key] ?? key);
    if (numbers && numericField) out.push(anyString);
    else if (typeof lit === 'number') out.push(anyString);
    else {
      const s = typeof lit === 'string' ? lit : String(lit);
      const plain = PRINTABLE.test(s);
      if (op === '=' && plain) out.push(`${sel} = ${quote(s)}`);
      else if (op === '!=' && plain && !s.includes('*')) out.push(`${sel} != ${quote(s)}`);
      else out.push(anyString);
    }
    // A boolean value compares as the text true/false.
    for (const b of [true, false]) {
      if (compareValues(op, b, lit, undefined, litText) === true) out.push(`${sel} IS ${b ? 'TRUE' : 'FALSE'}`);
    }
    return out;
  };
  return or([...new Set(keys.flatMap(alternatives))]);
}
