// Compiled-expression nodes of the JS predicate and the helpers every function compiler uses.
import type { LogEvent } from '@/lib/events';
import type { CallExpr, Expr, Span } from './ast';
import { numberFromLiteral, toNum, toText, type Value } from './predicate-values';

export type Eval = (e: LogEvent) => Value;

/** A compiled expression; `lit` is set for literals (they print as the query wrote them). */
export interface Node {
  f: Eval;
  lit?: Value;
}

export class PredicateError extends Error {
  constructor(
    message: string,
    readonly span?: Span,
  ) {
    super(message);
  }
}

export type CompileNode = (e: Expr) => Node;
export type FnCompiler = (args: Expr[], c: CompileNode, call: CallExpr) => Eval;

/** The node as text (literal numbers as written, like the SQL compiler renders them). */
export function textOf(n: Node): (e: LogEvent) => string | null {
  if (n.lit !== undefined && n.lit !== null) {
    const t = typeof n.lit === 'string' ? n.lit : String(n.lit);
    return () => t;
  }
  const f = n.f;
  return (e) => toText(f(e));
}

/** The node as a number (numbers and strings that read as numbers). */
export function numOf(n: Node): (e: LogEvent) => number | null {
  if (n.lit !== undefined) {
    const v = typeof n.lit === 'string' ? numberFromLiteral(n.lit) : typeof n.lit === 'number' ? n.lit : null;
    return () => v;
  }
  const f = n.f;
  return (e) => toNum(f(e));
}

export function arity(call: CallExpr, min: number, max = min): void {
  const n = call.args.length;
  if (n < min || n > max) {
    const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw new PredicateError(`${call.name}() takes ${want} argument${want === '1' ? '' : 's'}, not ${n}`, call.span);
  }
}
