import type { Query } from '../query/ast';
import { printExpr } from '../query/print-expr';
import { formatValue, numericColumns, parseResultTime, SERIES_COLORS, timeColumn, type Row } from './result-shape';

/** Series beyond this many, by total, are folded into "other" (or hidden when they cannot be added up). */
export const MAX_SERIES = 8;
export const OTHER = 'other';
export const OTHER_COLOR = '#94a3b8';

export interface Series {
  key: string;
  color: string;
}

/** A stats result over time: one point per bin, one value per series. */
export interface TimeModel {
  kind: 'time';
  measure: string;
  series: Series[];
  points: Array<{ t: number } & Record<string, number>>;
  /** Series left out because the measure cannot be summed into "other" (averages, percentiles…). */
  hidden: number;
  /** Counts and sums may be stacked; a stack of p95s or averages would draw a sum that means nothing. */
  stackable: boolean;
  /** Bins of a day or more: cut at UTC midnights, so they read in UTC. */
  utcBins: boolean;
}

const DAY_MS = 86_400_000;

/** A stats result by category: one bar per group, up to three measures. */
export interface CategoryModel {
  kind: 'category';
  measures: Series[];
  bars: Array<{ label: string; [measure: string]: string | number | null }>;
  /** Groups beyond the first `maxBars`, folded into one "other" bar when additive. */
  folded: number;
}

export type ChartModel = TimeModel | CategoryModel | { kind: 'none'; reason: string };

export interface MeasureKinds {
  /** Counts and sums: groups add up, so the tail can be folded into "other". */
  additive: ReadonlySet<string>;
  /** Counts, sums and distinct counts: a bin without a row really is 0. */
  zeroWhenEmpty: ReadonlySet<string>;
  /** The `bin()` period in ms, when it is a fixed one (not months). */
  binMs?: number;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * What the last `stats` measures allow. Averages, percentiles and ratios neither add up nor are 0
 * when a bin is empty, so "other" and zero-filled gaps would lie about them.
 */
export function measureKinds(query: Query | null): MeasureKinds {
  const additive = new Set<string>();
  const zeroWhenEmpty = new Set<string>();
  const stats = query?.commands.findLast((c) => c.kind === 'stats');
  if (stats?.kind === 'stats') {
    for (const a of stats.aggregations) {
      if (a.expr.kind !== 'call') continue;
      const fn = a.expr.name.toLowerCase();
      const name = a.alias?.name ?? printExpr(a.expr);
      if (fn === 'count' || fn === 'sum') additive.add(name);
      if (fn === 'count' || fn === 'sum' || fn === 'count_distinct') zeroWhenEmpty.add(name);
    }
    for (const g of stats.groupBy) {
      const arg = g.expr.kind === 'call' && g.expr.name.toLowerCase() === 'bin' ? g.expr.args[0] : undefined;
      if (arg?.kind === 'duration' && UNIT_MS[arg.unit]) return { additive, zeroWhenEmpty, binMs: arg.value * UNIT_MS[arg.unit] };
    }
  }
  return { additive, zeroWhenEmpty };
}

export interface ModelOptions extends MeasureKinds {
  /** Colour of a named series, so one feature keeps its colour across a page. */
  colorOf?: (name: string, index: number) => string;
  maxBars?: number;
}

const defaultColor = (_: string, i: number) => SERIES_COLORS[i % SERIES_COLORS.length];

/** Shapes a stats result for a chart: time series for `bin()` results, bars otherwise. */
export function chartModel(fields: readonly string[], rows: readonly Row[], options: ModelOptions): ChartModel {
  if (rows.length === 0) return { kind: 'none', reason: 'no rows' };
  const time = timeColumn(fields, rows);
  const measures = numericColumns(fields, rows).filter((f) => f !== time);
  if (measures.length === 0) return { kind: 'none', reason: 'the result has no numeric column to draw; show it as a table' };
  const dims = fields.filter((f) => f !== time && !measures.includes(f) && f !== '@timestamp');
  const color = options.colorOf ?? defaultColor;
  const labelOf = (r: Row) => dims.map((d) => formatValue(r[d] ?? null) || '(none)').join(' · ');

  if (time) {
    const measure = measures[0];
    const additive = options.additive.has(measure);
    const seriesOf = (r: Row) => (dims.length ? labelOf(r) : measure);
    const totals = new Map<string, number>();
    for (const r of rows) totals.set(seriesOf(r), (totals.get(seriesOf(r)) ?? 0) + Math.abs(Number(r[measure] ?? 0)));
    const ranked = [...totals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([s]) => s);
    const top = ranked.slice(0, MAX_SERIES);
    const folded = ranked.length > top.length;
    const byTime = new Map<number, { t: number } & Record<string, number>>();
    for (const r of rows) {
      const t = parseResultTime(r[time]);
      const v = r[measure];
      if (t === null || typeof v !== 'number') continue;
      const s = top.includes(seriesOf(r)) ? seriesOf(r) : additive ? OTHER : null;
      if (s === null) continue;
      const point = byTime.get(t) ?? { t };
      point[s] = (point[s] ?? 0) + v;
      byTime.set(t, point);
    }
    const keys = folded && additive ? [...top, OTHER] : top;
    const points = [...byTime.values()].sort((a, b) => a.t - b.t);
    if (options.zeroWhenEmpty.has(measure)) {
      fillEmptyBins(points, options.binMs);
      for (const p of points) for (const k of keys) p[k] ??= 0;
    }
    return {
      kind: 'time',
      measure,
      series: keys.map((k, i) => ({ key: k, color: k === OTHER ? OTHER_COLOR : color(k, i) })),
      points,
      hidden: folded && !additive ? ranked.length - top.length : 0,
      stackable: additive,
      utcBins: (options.binMs ?? minStep(points)) >= DAY_MS,
    };
  }

  // Several measures share one axis only when they are alike (counts and sums); a p95 in ms next
  // to a request count would put both on a scale that suits neither.
  const shown = measures.every((m) => options.additive.has(m)) ? measures.slice(0, 3) : measures.slice(0, 1);
  const maxBars = options.maxBars ?? 20;
  const sorted = [...rows].sort((a, b) => Number(b[shown[0]] ?? 0) - Number(a[shown[0]] ?? 0));
  // A null measure (an average of nothing) is no bar, not a bar at 0.
  const bars = sorted.slice(0, maxBars).map((r) => ({ label: dims.length ? labelOf(r) : shown[0], ...Object.fromEntries(shown.map((m) => [m, r[m] === null || r[m] === undefined ? null : Number(r[m])])) }));
  const rest = sorted.slice(maxBars);
  if (rest.length > 0 && shown.every((m) => options.additive.has(m))) {
    bars.push({ label: `${OTHER} (${rest.length})`, ...Object.fromEntries(shown.map((m) => [m, rest.reduce((n, r) => n + Number(r[m] ?? 0), 0)])) });
  }
  return { kind: 'category', measures: shown.map((m, i) => ({ key: m, color: SERIES_COLORS[i] })), bars, folded: rest.length };
}

function minStep(points: readonly { t: number }[]): number {
  let step = Infinity;
  for (let i = 1; i < points.length; i++) step = Math.min(step, points[i].t - points[i - 1].t);
  return step === Infinity ? 0 : step;
}

/**
 * Adds the bins no row came back for (a count of nothing is 0, not a gap the line jumps over),
 * when the bins are evenly spaced: fixed-size `bin()` periods, not months.
 */
function fillEmptyBins(points: Array<{ t: number } & Record<string, number>>, binMs?: number): void {
  if (points.length < 2) return;
  const step = binMs ?? minStep(points);
  if (!(step > 0) || (points.at(-1)!.t - points[0].t) / step > 5000) return;
  if (!points.every((p) => (p.t - points[0].t) % step === 0)) return;
  const have = new Set(points.map((p) => p.t));
  const [first, last] = [points[0].t, points.at(-1)!.t];
  for (let t = first + step; t < last; t += step) if (!have.has(t)) points.push({ t } as { t: number } & Record<string, number>);
  points.sort((a, b) => a.t - b.t);
}

/** The single number a "number" panel shows: the first numeric cell of a one-row result. */
export function singleValue(fields: readonly string[], rows: readonly Row[]): { field: string; value: number } | null {
  const row = rows[0];
  if (!row || rows.length !== 1) return null;
  const field = fields.find((f) => typeof row[f] === 'number');
  return field ? { field, value: row[field] as number } : null;
}

/** `1.2k`, `43,200`, `12.5 %`: compact for axes, exact enough for tiles. */
export function formatMeasure(v: number, unit = '', compact = false): string {
  const n = compact ? v.toLocaleString('en-US', { notation: 'compact', maximumFractionDigits: 1 }) : v.toLocaleString('en-US', { maximumFractionDigits: Math.abs(v) >= 100 ? 0 : 2 });
  if (!unit) return n;
  return unit === '%' ? `${n} %` : `${n} ${unit}`;
}
