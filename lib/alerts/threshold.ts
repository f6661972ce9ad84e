// Threshold rules, the pure part: what a saved query's result means as one number per group,
// and whether a group is firing after n of the last m windows. See MEASURE_HELP for the words.
import { fieldName, printExpr, type Expr, type Query } from '@/lib/query';
import type { AlertState, Measure } from './rules';

/** How the engine reads a query's result: from its last `stats` command, if any. */
export interface QueryShape {
  hasStats: boolean;
  /** `by` columns other than `bin(…)`: together they name a group. */
  groupColumns: string[];
  /** Aggregate columns, in order. */
  valueColumns: string[];
}

function columnName(expr: Expr, alias?: { name: string }): string {
  return alias?.name ?? (expr.kind === 'field' ? fieldName(expr) : printExpr(expr));
}

export function queryShape(query: Query): QueryShape {
  const stats = [...query.commands].reverse().find((c) => c.kind === 'stats');
  if (!stats || stats.kind !== 'stats') return { hasStats: false, groupColumns: [], valueColumns: [] };
  const isBin = (e: Expr) => e.kind === 'call' && e.name.toLowerCase() === 'bin';
  return {
    hasStats: true,
    groupColumns: stats.groupBy.filter((g) => !isBin(g.expr)).map((g) => columnName(g.expr, g.alias)),
    valueColumns: stats.aggregations.map((a) => columnName(a.expr, a.alias)),
  };
}

export interface MeasureSpec {
  measure: Measure;
  column: string | null;
}

/** Checks a rule against its query before it is saved; the message says how to fix it. */
export function checkMeasure(shape: QueryShape, spec: MeasureSpec): string | null {
  if (!shape.hasStats) {
    if (spec.measure === 'avg') return 'avg needs a stats query: add `| stats avg(<field>)` (and `by <field>` for groups) to the saved query';
    if (spec.column) return `the query has no stats, so there is no column "${spec.column}" to read; leave the column empty`;
    return null;
  }
  if (spec.column && !shape.valueColumns.includes(spec.column)) {
    return `the query's stats produce ${shape.valueColumns.map((c) => `"${c}"`).join(', ')}, not "${spec.column}"`;
  }
  if (spec.measure === 'pct' && shape.groupColumns.length === 0) return 'pct compares groups: add `by <field>` to the stats, or use count';
  return null;
}

export interface ResultLike {
  rows: ReadonlyArray<Record<string, unknown>>;
  statistics: { recordsMatched: number; recordsScanned: number };
}

/** The group key for the no-stats case and for stats without `by` fields. */
export const ALL_GROUP = '*';

export function groupKey(row: Record<string, unknown>, columns: readonly string[]): string {
  if (columns.length === 0) return ALL_GROUP;
  return columns.map((c) => `${c}=${row[c] === null || row[c] === undefined ? '(none)' : String(row[c])}`).join(', ');
}

/**
 * One number per group, as MEASURE_HELP defines it. A group missing from the map had no data in
 * this window (no rows; or, for pct without stats, no events scanned at all).
 */
export function measureGroups(result: ResultLike, shape: QueryShape, spec: MeasureSpec): Map<string, number> {
  const out = new Map<string, number>();
  if (!shape.hasStats) {
    const { recordsMatched, recordsScanned } = result.statistics;
    if (spec.measure === 'count') out.set(ALL_GROUP, recordsMatched);
    else if (spec.measure === 'pct' && recordsScanned > 0) out.set(ALL_GROUP, (100 * recordsMatched) / recordsScanned);
    return out;
  }
  const column = spec.column ?? shape.valueColumns[0];
  const sums = new Map<string, { sum: number; n: number }>();
  for (const row of result.rows) {
    const v = row[column];
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    const key = groupKey(row, shape.groupColumns);
    const acc = sums.get(key) ?? { sum: 0, n: 0 };
    acc.sum += v;
    acc.n += 1;
    sums.set(key, acc);
  }
  const total = [...sums.values()].reduce((t, a) => t + a.sum, 0);
  for (const [key, acc] of sums) {
    if (spec.measure === 'count') out.set(key, acc.sum);
    else if (spec.measure === 'avg') out.set(key, acc.sum / acc.n);
    else if (total !== 0) out.set(key, (100 * acc.sum) / total);
  }
  return out;
}

export function breaches(value: number, comparator: 'above' | 'below', threshold: number): boolean {
  return comparator === 'above' ? value > threshold : value < threshold;
}

/** One window's outcome for a group: breached, fine, or no data. */
export type WindowOutcome = boolean | null;

/**
 * The state after the latest window (history newest last, at most m kept): ALERT when at least n
 * of the last m windows breached; NO_DATA when none of the last m had data; OK otherwise.
 */
export function windowState(history: readonly WindowOutcome[], n: number, m: number): AlertState {
  const last = history.slice(-m);
  if (last.filter((o) => o === true).length >= n) return 'ALERT';
  if (last.length > 0 && last.every((o) => o === null)) return 'NO_DATA';
  return 'OK';
}
