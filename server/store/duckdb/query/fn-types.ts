// Shared shapes for the scalar function tables (fn-*.ts).
import type { CallExpr, Expr } from '@/lib/query';
import { invalid } from './errors';
import type { ExprEnv } from './expr';
import type { Val } from './values';

export type Compile = (e: Expr) => Val;

/** One function: its (uncompiled) arguments, a compiler for them, the environment, the call node. */
export type FnImpl = (args: Expr[], c: Compile, env: ExprEnv, call: CallExpr) => Val;

/** Checks a call's argument count. */
export function arity(call: CallExpr, min: number, max = min): void {
  const n = call.args.length;
  if (n < min || n > max) {
    const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw invalid(`${call.name}() takes ${want} argument${want === '1' ? '' : 's'}, not ${n}`, call.span);
  }
}

export const num = (sql: string): Val => ({ sql, t: 'num' });
export const str = (sql: string): Val => ({ sql, t: 'str' });
export const bool = (sql: string): Val => ({ sql, t: 'bool' });
/** 1/0 as the reference documents for isempty, strcontains, … (null stays null). */
export const flag = (cond: string): Val => num(`CASE WHEN ${cond} THEN 1 WHEN NOT (${cond}) THEN 0 END`);

/** A string literal argument, required (formats, subnets, trim characters known at compile time). */
export function literalString(e: Expr, what: string): string {
  if (e.kind !== 'string') throw invalid(`${what} must be a quoted string`, e.span);
  return e.value;
}
