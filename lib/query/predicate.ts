// The JS predicate: a QL filter expression compiled once to closures, for live tail (one event at
// a time). Semantics are SEMANTICS.md exactly — the same as the DuckDB compiler, which the
// differential test (server/store/duckdb/query/differential.int.test.ts) checks on thousands of
// random filters. Conditions are SQL three-valued: true, false or null (unknown); an event is kept
// only when its condition is true.
import { FIELD_ALIASES, type LogEvent } from '@/lib/events';
import type { BinaryExpr, CallExpr, Expr } from './ast';
import { isStatsFunction, KNOWN_FUNCTIONS } from './functions';
import { PREDICATE_FUNCTION_NAMES, PREDICATE_FUNCTIONS } from './predicate-functions';
import { type Eval, type Node, numOf, PredicateError, textOf } from './predicate-node';
import { RegexError, translateRegex } from './predicate-regex';
import { compareValues, type CompareOp, truthy, type Value } from './predicate-values';

export type { Value } from './predicate-values';
export { PredicateError } from './predicate-node';
export { compileFilterQuery, type FilterQueryResult } from './predicate-filter';

export type EventPredicate = (event: LogEvent) => boolean;
export type PredicateResult = { ok: true; predicate: EventPredicate } | { ok: false; error: string };

/** Compiles a filter expression to a predicate, or explains why live tail cannot evaluate it. */
export function compilePredicate(expr: Expr): PredicateResult {
  try {
    return { ok: true, predicate: buildPredicate(expr) };
  } catch (error) {
    if (error instanceof PredicateError) return { ok: false, error: error.message };
    throw error;
  }
}

/** Like compilePredicate, but throws PredicateError (with the span of the offending node). */
export function buildPredicate(expr: Expr): EventPredicate {
  const f = compile(expr).f;
  return (e) => truthy(f(e)) === true;
}

/** Evaluates an expression on an event (the value, not just true/false): for tests and tools. */
export function compileValue(expr: Expr): (event: LogEvent) => Value {
  return compile(expr).f;
}

const SYSTEM: Record<string, Eval> = {
  '@timestamp': (e) => e.timestamp,
  '@ingestionTime': (e) => e.ingestionTime,
  '@log': (e) => e.log,
  '@logStream': (e) => e.logStream,
  '@message': (e) => e.message,
  '@fingerprint': (e) => e.fingerprint,
};

/** Top-level keys the pipeline takes into system fields (lib/events pipeline.ts), as the SQL engine resolves them. */
const CONSUMED: Readonly<Record<string, string>> = { logStream: '@logStream', stream: '@logStream', source: '@log' };

/**
 * Where a field name is stored: the names the pipeline always renames (`userId` → `user.id`,
 * lib/events FIELD_ALIASES) or takes into system fields (`source` → `@log`) can never be present
 * under their own name, so they mean the stored one — the same resolution as the SQL engine.
 */
export function storedFieldName(name: string): string {
  return (Object.hasOwn(CONSUMED, name) ? CONSUMED[name] : undefined) ?? (Object.hasOwn(FIELD_ALIASES, name) ? FIELD_ALIASES[name] : undefined) ?? name;
}

function fieldEval(name: string): Eval {
  const stored = storedFieldName(name);
  const sys = Object.hasOwn(SYSTEM, stored) ? SYSTEM[stored] : undefined;
  if (sys) return sys;
  return (e) => {
    const v = e.fields[stored];
    // Guards against prototype members when `fields` is a plain object.
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null;
  };
}

const constant = (v: Value): Node => ({ f: () => v, lit: v });

const DURATION_MS: Record<string, number> = {
  ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000,
  mo: 2_629_746_000, q: 7_889_238_000, y: 31_556_952_000,
};

function compile(e: Expr): Node {
  switch (e.kind) {
    case 'string':
    case 'number':
    case 'boolean':
      return constant(e.value);
    case 'duration':
      return constant(e.value * DURATION_MS[e.unit]);
    case 'field':
      return { f: fieldEval(e.path.join('.')) };
    case 'regex':
      throw new PredicateError('a regular expression can only follow like, not like or =~', e.span);
    case 'list':
      throw new PredicateError('a list can only follow in or not in', e.span);
    case 'star':
      throw new PredicateError('* is only allowed as count(*), which live tail does not run', e.span);
    case 'subquery':
      throw new PredicateError('live tail filters events one at a time; subqueries are not available here', e.span);
    case 'member':
    case 'index':
      throw new PredicateError('live tail cannot read into maps and lists (jsonParse results)', e.span);
    case 'unary': {
      const f = compile(e.operand);
      if (e.op === 'not') {
        const g = f.f;
        return {
          f: (ev) => {
            const t = truthy(g(ev));
            return t === null ? null : !t;
          },
        };
      }
      const n = numOf(f);
      return {
        f: (ev) => {
          const x = n(ev);
          return x === null ? null : -x;
        },
      };
    }
    case 'call':
      return { f: compileCall(e) };
    case 'binary':
      return { f: compileBinary(e) };
  }
}

function compileCall(call: CallExpr): Eval {
  if (isStatsFunction(call.name)) {
    throw new PredicateError(`${call.name}() can only be used in stats, which live tail does not run`, call.span);
  }
  const impl = Object.hasOwn(PREDICATE_FUNCTIONS, call.name) ? PREDICATE_FUNCTIONS[call.name] : undefined;
  if (impl) return impl(call.args, compile, call);
  if (KNOWN_FUNCTIONS.includes(call.name)) {
    throw new PredicateError(
      `live tail cannot evaluate ${call.name}(): it runs the string, numeric, ispresent, coalesce and IP functions only (${PREDICATE_FUNCTION_NAMES.length} in all); run this filter as a query instead`,
      call.span,
    );
  }
  throw new PredicateError(`unknown function ${call.name}()`, call.span);
}

/** Operands of a chain of one logical operator, flattened (long `or` chains stay shallow). */
function chain(e: BinaryExpr, op: 'and' | 'or'): Expr[] {
  const out: Expr[] = [];
  const stack: Expr[] = [e];
  while (stack.length > 0) {
    const x = stack.pop() as Expr;
    if (x.kind === 'binary' && x.op === op) stack.push(x.right, x.left);
    else out.push(x);
  }
  return out;
}

function logical(op: 'and' | 'or', parts: Eval[]): Eval {
  // SQL: AND is false if any side is false, else null if any is null; OR mirrors it.
  const decisive = op === 'or';
  return (ev) => {
    let unknown = false;
    for (const p of parts) {
      const t = truthy(p(ev));
      if (t === decisive) return decisive;
      if (t === null) unknown = true;
    }
    return unknown ? null : !decisive;
  };
}

function compileBinary(e: BinaryExpr): Eval {
  switch (e.op) {
    case 'and':
    case 'or':
      return logical(e.op, chain(e, e.op).map((x) => compile(x).f));
    case '=':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=':
      return comparison(e.op, compile(e.left), compile(e.right));
    case 'like':
    case 'not like':
    case '=~':
      return matchOp(e);
    case 'in':
    case 'not in':
      return inOp(e);
    default:
      return arithmetic(e.op, compile(e.left), compile(e.right));
  }
}

/** Literal numbers compare as text the way the query wrote them (JS's String, as in SQL). */
function literalText(n: Node): string | undefined {
  return typeof n.lit === 'number' ? String(n.lit) : undefined;
}

function comparison(op: CompareOp, a: Node, b: Node): Eval {
  const fa = a.f;
  const fb = b.f;
  const ta = literalText(a);
  const tb = literalText(b);
  return (ev) => compareValues(op, fa(ev), fb(ev), ta, tb);
}

function matchOp(e: BinaryExpr): Eval {
  const negate = e.op === 'not like';
  const subject = textOf(compile(e.left));
  if (e.right.kind === 'regex') {
    let re: RegExp;
    try {
      re = translateRegex(e.right.pattern);
    } catch (error) {
      if (error instanceof RegexError) throw new PredicateError(error.message, e.right.span);
      throw error;
    }
    return (ev) => {
      const s = subject(ev);
      if (s === null) return null;
      return re.test(s) !== negate;
    };
  }
  const pattern = textOf(compile(e.right));
  return (ev) => {
    const s = subject(ev);
    const p = pattern(ev);
    if (s === null || p === null) return null;
    return s.includes(p) !== negate;
  };
}

function inOp(e: BinaryExpr): Eval {
  const negate = e.op === 'not in';
  if (e.right.kind === 'subquery') {
    throw new PredicateError('live tail filters events one at a time; subqueries are not available here', e.right.span);
  }
  if (e.right.kind !== 'list') throw new PredicateError(`${e.op} needs a list [a, b]`, e.right.span);
  const x = compile(e.left).f;
  const items = e.right.items.map(compile);
  const fs = items.map((i) => i.f);
  const texts = items.map(literalText);
  return (ev) => {
    const v = x(ev);
    if (v === null) return null;
    let unknown = false;
    for (let i = 0; i < fs.length; i++) {
      const r = compareValues('=', v, fs[i](ev), undefined, texts[i]);
      if (r === true) return !negate;
      if (r === null) unknown = true;
    }
    return unknown ? null : negate;
  };
}

function arithmetic(op: BinaryExpr['op'], a: Node, b: Node): Eval {
  const x = numOf(a);
  const y = numOf(b);
  const apply = ARITH[op];
  return (ev) => {
    const p = x(ev);
    const q = y(ev);
    if (p === null || q === null) return null;
    const r = apply(p, q);
    return r !== null && Number.isFinite(r) ? r : null;
  };
}

const ARITH: Record<string, (a: number, b: number) => number | null> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => (b === 0 ? null : a / b),
  '%': (a, b) => (b === 0 ? null : a % b),
  '^': (a, b) => a ** b,
};
