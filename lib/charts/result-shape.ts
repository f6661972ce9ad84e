import type { FieldInfo, FieldType, ResultValue } from '@/lib/query/result-types';

export type { ResultValue };

export type Row = Record<string, ResultValue>;

const TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/;

/** Results print timestamps like CloudWatch (`2026-11-24 09:00:00.000`, UTC). */
export function parseResultTime(v: ResultValue): number | null {
  return typeof v === 'string' && TIME.test(v) ? Date.parse(`${v.replace(' ', 'T')}Z`) : null;
}

/** The column holding time bins, if every value in it is a timestamp. */
export function timeColumn(fields: readonly string[], rows: readonly Row[]): string | null {
  if (rows.length === 0) return null;
  return fields.find((f) => f !== '@timestamp' && rows.some((r) => parseResultTime(r[f]) !== null) && rows.every((r) => r[f] === null || parseResultTime(r[f]) !== null)) ?? null;
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

/** The fields of the rows on screen, most frequent first: the field list when the store's is unavailable. */
export function fieldsOfRows(rows: readonly Row[]): FieldInfo[] {
  const seen = new Map<string, { count: number; type: FieldType | null }>();
  for (const row of rows) {
    for (const [name, v] of Object.entries(row)) {
      if (v === null) continue;
      const t: FieldType = typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'boolean' : 'string';
      const f = seen.get(name) ?? { count: 0, type: null };
      f.count++;
      f.type = f.type === null || f.type === t ? t : 'mixed';
      seen.set(name, f);
    }
  }
  return [...seen]
    .map(([name, f]) => ({ name, type: f.type ?? 'string', count: f.count, frequency: rows.length ? f.count / rows.length : 0 }))
    .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1));
}
