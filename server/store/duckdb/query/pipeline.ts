// The state of one pipeline (the main query, a subquery, a join's right side) while its
// commands compile: one CTE per command, the fields in scope, the current row order and what the
// result will show.
import type { DurationLit, Expr, Query, Span } from '@/lib/query';
import { invalid } from './errors';
import { compileExpr, type Clock, type ExprEnv } from './expr';
import { resolveField, type Scope } from './scope';
import type { Cte, SqlParams } from './sql';
import { text as textOf, type Val } from './values';

/** A result column by user name; `path` resolves it when the query did not define that name. */
export interface OutputName {
  name: string;
  path: string[];
}

export type OutputPlan =
  /** Whole events (no fields/display/stats): @timestamp, @message, every field, plus `extra`. */
  | { kind: 'events'; extra: OutputName[] }
  /** `fields` (their union), `display` (the last one) or the columns stats made. */
  | { kind: 'columns'; names: OutputName[]; display: boolean };

/** Shared by every pipeline of one statement. */
export interface Statement {
  params: SqlParams;
  ctes: Cte[];
  clock: Clock;
  /** Compiles a nested query (join side, `in (…)`, appendcols) into its own CTE chain. */
  nested: (query: Query, id: string) => Pipeline;
}

export interface Pipeline {
  stmt: Statement;
  id: string;
  cur: string;
  scope: Scope;
  /** ORDER BY terms set by sort (over columns of the current stage). */
  order: string[] | null;
  /** Order when no sort was given: newest first for events, group keys after stats. */
  defaultOrder: string[];
  aggregated: boolean;
  output: OutputPlan;
  /** The stage whose row count is recordsMatched (set when the first limit/dedup/stats compiles). */
  matchedCte: string | null;
  /** Column carrying recordsMatched after an aggregation. */
  matchedColumn: string | null;
  statsCount: number;
  /** The bin() group key of the last stats, for fillmissing. */
  bin: { column: string; period: DurationLit; otherKeys: string[] } | null;
  /** The last explicit limit, which also bounds the final select. */
  limit: { count: number; any: boolean } | null;
  /** A limit not yet applied as a stage (the final select applies it when nothing follows). */
  pendingLimit: boolean;
  /** Time shift from `stats … by bin() offset`, applied to the source range. */
  offsetMs: number;
  /** Values computed once as columns (scope.hoist), by their SQL. */
  hoisted: Map<string, Val>;
}

/** scope.hoist for a pipeline: a stage `SELECT *, <expr> AS _fN`, shared by every later use. */
export function hoistInto(p: Pipeline, v: Val): Val {
  const cached = p.hoisted.get(v.sql);
  if (cached) return cached;
  const col = p.stmt.params.name('_f');
  addStage(p, `SELECT *, ${v.sql} AS ${col} FROM ${p.cur}`);
  const out: Val = { ...v, sql: col };
  delete out.lit;
  p.hoisted.set(v.sql, out);
  return out;
}

export function env(p: Pipeline, extra: Partial<ExprEnv> = {}): ExprEnv {
  return {
    scope: p.scope,
    params: p.stmt.params,
    clock: p.stmt.clock,
    subquery: (q, like, span) => subquerySql(p, q, like, span),
    ...extra,
  };
}

export function compile(p: Pipeline, e: Expr): Val {
  return compileExpr(e, env(p));
}

/** Appends a CTE; `body` selects from `p.cur`. */
export function addStage(p: Pipeline, body: string): string {
  const name = p.stmt.params.name(`${p.id}_`);
  p.stmt.ctes.push({ name, body });
  p.cur = name;
  return name;
}

/** Adds columns for new or redefined fields in one stage. */
export function defineAll(p: Pipeline, defs: Array<{ name: string; val: Val }>, where?: string): void {
  if (defs.length === 0 && !where) return;
  const cols = defs.map((d) => {
    const col = p.stmt.params.name('_c');
    return { ...d, col };
  });
  const select = ['*', ...cols.map((c) => `${c.val.sql} AS ${c.col}`)].join(', ');
  addStage(p, `SELECT ${select} FROM ${p.cur}${where ? ` WHERE ${where}` : ''}`);
  for (const c of cols) {
    const v: Val = { sql: c.col, t: c.val.t };
    if (c.val.time) v.time = true;
    if (c.val.logfmt) v.logfmt = true;
    p.scope.defined.set(c.name, v);
  }
}

/** The ORDER BY in force: the last sort, or the default. */
export function effectiveOrder(p: Pipeline): string[] {
  return p.order ?? p.defaultOrder;
}

export function markMatched(p: Pipeline): void {
  p.matchedCte ??= p.cur;
}

/**
 * Records that the result shows fields the query created (parse, unnest): with whole events, and
 * after `fields` too (they add to its columns); `display` and stats decide their columns alone.
 */
export function showDerived(p: Pipeline, names: string[]): void {
  const list = p.output.kind === 'events' ? p.output.extra : p.output.display || p.aggregated ? null : p.output.names;
  if (!list) return;
  for (const name of names) {
    if (!list.some((o) => o.name === name)) list.push({ name, path: [name] });
  }
}

/** Resolves an output name at the end of the pipeline. */
export function resolveOutput(p: Pipeline, o: OutputName, span?: Span): Val {
  return p.scope.defined.get(o.name) ?? resolveField(o.path, p.scope, p.stmt.params, span);
}

/** `x in (subquery)`: the subquery's single output column, as text, one row per value. */
function subquerySql(p: Pipeline, q: Query, like: Expr, span?: Span): string {
  const sub = p.stmt.nested(q, p.stmt.params.name('s'));
  if (sub.output.kind !== 'columns' || sub.output.names.length === 0) {
    throw invalid('a subquery must produce the field it is compared with: end it with fields <name> or stats … by <name>', span);
  }
  const wanted = like.kind === 'field' ? like.path.join('.') : undefined;
  const pick = sub.output.names.find((n) => n.name === wanted) ?? sub.output.names[0];
  const v = resolveOutput(sub, pick);
  return `SELECT ${textOf(v)} FROM ${sub.cur}`;
}
