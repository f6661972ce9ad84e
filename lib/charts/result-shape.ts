/** A result cell, as both backends return it (server/store/query-result.ts). */
export type ResultValue = string | number | boolean | null;

export type Row = Record<string, ResultValue>;

const TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/;

/** Results print timestamps like CloudWatch (`2026-11-24 09:00:00.000`, UTC). */
export function parseResultTime(v: ResultValue): number | null {
  return typeof v === 'string' && TIME.test(v) ? Date.parse(`${v.replace(' ', 'T')}Z`) : null;
}

/** The column holding time bins, if every value in it is a timestamp. */
export function timeColumn(fields: readonly string[], rows: readonly Row[]): string | null {
  if (rows.length === 0) return null;
  return fields.find((f) => f !== '@timestamp' && rows.every((r) => r[f] === null || parseResultTime(r[f]) !== null)) ?? null;
}

/** Columns whose values are all numbers (the measures of a stats result). */
export function numericColumns(fields: readonly string[], rows: readonly Row[]): string[] {
  return fields.filter((f) => rows.some((r) => typeof r[f] === 'number') && rows.every((r) => r[f] === null || typeof r[f] === 'number'));
}

/** Consistent colours per series: Okabe–Ito first, then four of Paul Tol's muted set (all colour-blind-safe, none too pale on white). */
export const SERIES_COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#332288', '#882255', '#117733', '#44AA99'];

export function formatValue(v: ResultValue): string {
  if (v === null) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? v.toLocaleString('en-US') : v.toLocaleString('en-US', { maximumFractionDigits: 3 });
  return String(v);
}
