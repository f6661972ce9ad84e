import { compareAround, featureAdoption, type Comparison, type FeatureAdoption, type WeekCount } from '@/lib/usage/adoption';
import { weeklyUsageQuery } from '@/lib/usage/query';
import type { UsageSettings } from '@/lib/usage/settings';
import { startOfWeek, weeksUpTo, type WeekWindow } from '@/lib/time/zone';
import { ServiceError } from '../meta/errors';
import type { Query } from '@/lib/query';
import type { LogBackend, QueryResult, ResultValue } from '../store/backend';
import { UsageReportCache } from './report-cache';

export interface AdoptionRequest {
  /** Complete weeks to show before the running one (more when the baseline or a comparison needs them). */
  weeks: number;
  /** Compare before and after this instant (a release), if given. */
  compareAt?: number;
  /** Complete weeks before `compareAt` to average. */
  before: number;
  now: number;
}

export interface AdoptionReport {
  settings: UsageSettings;
  /** The query run once per week, over each week's range: Explore reproduces any figure with it. */
  ql: string;
  weeks: WeekWindow[];
  features: FeatureAdoption[];
  /** Uses of every feature together, per week (users are not added up: they overlap). */
  totals: number[];
  comparison: Comparison | null;
  statistics: { queries: number; recordsScanned: number; bytesScanned: number; elapsedMs: number };
  /** When the week figures were read: a report may come from the cache, up to 30 s old. */
  generatedAt: number;
}

/** Week results by query and weeks (the running week's start among them), process-wide. */
const CACHE = Symbol.for('logline.usage.week-results');
type WithCache = typeof globalThis & { [CACHE]?: UsageReportCache<QueryResult[]> };
const weekResults = () => ((globalThis as WithCache)[CACHE] ??= new UsageReportCache<QueryResult[]>());

const num = (v: ResultValue | undefined) => (typeof v === 'number' ? v : Number(v ?? 0)) || 0;

/**
 * Feature adoption per week in the team's time zone. Logs Insights bins weeks in UTC, so each week
 * is its own query over exactly [Monday 00:00, next Monday 00:00) local: exact in every zone, and no
 * more data scanned (or billed, in AWS mode) than one query over the whole span.
 */
export async function adoptionReport(backend: LogBackend, settings: UsageSettings, req: AdoptionRequest, signal?: AbortSignal): Promise<AdoptionReport> {
  const built = weeklyUsageQuery(settings);
  if (!built.ok) throw new ServiceError(400, built.error);
  const started = performance.now();
  // Enough weeks for the view, the baseline, and the comparison's "before" side when the date is older.
  let count = Math.max(req.weeks, settings.baselineWeeks + 1);
  if (req.compareAt !== undefined) {
    const current = startOfWeek(req.now, settings.timeZone);
    const weeksBack = Math.ceil((current - startOfWeek(req.compareAt, settings.timeZone)) / (7 * 86_400_000));
    count = Math.min(52, Math.max(count, weeksBack + req.before + 1));
  }
  const weeks = weeksUpTo(req.now, count, settings.timeZone);
  // The figures depend only on the query and the weeks; comparison and baseline are worked out per request.
  const key = JSON.stringify([built.ql, weeks.map((w) => w.start)]);
  const read = await weekResults().get(key, (s) => queryWeeks(backend, built.query, weeks, req.now, s), signal, req.now);
  const results = read.value;
  const counts: WeekCount[][] = results.map((r) =>
    r.rows.map((row) => ({ feature: row[settings.featureField] === null || row[settings.featureField] === undefined ? '(none)' : String(row[settings.featureField]), uses: num(row.uses), users: num(row.users) })),
  );
  return {
    settings,
    ql: built.ql,
    weeks,
    features: featureAdoption(weeks, counts, settings.baselineWeeks),
    totals: counts.map((week) => week.reduce((n, c) => n + c.uses, 0)),
    comparison: req.compareAt === undefined ? null : compareAround(weeks, counts, req.compareAt, req.before),
    statistics: {
      queries: results.length,
      recordsScanned: results.reduce((n, r) => n + r.statistics.recordsScanned, 0),
      bytesScanned: results.reduce((n, r) => n + r.statistics.bytesScanned, 0),
      elapsedMs: Math.round(performance.now() - started),
    },
    generatedAt: read.at,
  };
}

/** One query per week, in parallel; the first failure stops the others (each is billed in AWS mode). */
async function queryWeeks(backend: LogBackend, query: Query, weeks: readonly WeekWindow[], now: number, signal: AbortSignal): Promise<QueryResult[]> {
  const siblings = new AbortController();
  const stop = () => siblings.abort(signal.reason);
  if (signal.aborted) stop();
  else signal.addEventListener('abort', stop, { once: true });
  try {
    return await Promise.all(
      weeks.map((w) =>
        backend.query(query, { start: w.start, end: Math.min(w.end, now + 1) - 1 }, [], { signal: siblings.signal }).catch((error: unknown) => {
          siblings.abort(error);
          throw error;
        }),
      ),
    );
  } finally {
    signal.removeEventListener('abort', stop);
  }
}
