/**
 * Time layout of the demo: UTC weeks starting Monday 00:00, the daily/weekly traffic shape of a
 * US-based product, and when the one-off incidents happen.
 */

export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const WEEK = 7 * DAY;

/** Complete weeks of history before the current (partial) week. */
export const HISTORY_WEEKS = 8;

/** Relative traffic per weekday, Monday first: teachers grade on weekdays and Sunday evenings. */
const DAY_FACTOR = [1.0, 1.05, 1.0, 0.97, 0.82, 0.35, 0.5];

/** Relative traffic per UTC hour: US daytime runs from about 13:00 to 02:00 UTC. */
const HOUR_FACTOR = [
  0.75, 0.6, 0.45, 0.3, 0.2, 0.12, 0.08, 0.06, 0.06, 0.07, 0.1, 0.2, 0.4, 0.7, 0.9, 1.0, 1.0, 0.95,
  0.95, 0.95, 0.9, 0.85, 0.85, 0.8,
];

/** Day of week with Monday = 0 (1970-01-01 was a Thursday). */
export function weekday(t: number): number {
  return (Math.floor(t / DAY) + 3) % 7;
}

export function mondayOf(t: number): number {
  const day = Math.floor(t / DAY) * DAY;
  return day - weekday(t) * DAY;
}

/** Traffic weight of the hour containing `t`, 1 at the busiest weekday hour. */
export function seasonal(t: number): number {
  const hour = Math.floor((t - Math.floor(t / DAY) * DAY) / HOUR);
  return DAY_FACTOR[weekday(t)] * HOUR_FACTOR[hour];
}

/** Share of a whole week's traffic before each hour of the week (169 entries, 0 … 1). */
export const WEEK_SHARE: Float64Array = (() => {
  const share = new Float64Array(7 * 24 + 1);
  for (let h = 0; h < 7 * 24; h++) {
    share[h + 1] = share[h] + DAY_FACTOR[Math.floor(h / 24)] * HOUR_FACTOR[h % 24];
  }
  const total = share[7 * 24];
  for (let h = 0; h <= 7 * 24; h++) share[h] /= total;
  return share;
})();

export interface DemoPlan {
  now: number;
  seed: number;
  scale: number;
  /** Monday 00:00 UTC of the week containing `now` (week 0). */
  currentWeek: number;
  /** Monday 00:00 UTC, HISTORY_WEEKS before the current week: the first event's lower bound. */
  start: number;
  /** A web session stuck in a re-render loop floods warnings for five minutes. */
  storm: number;
  /** The api's database is unreachable for twenty minutes. */
  outage: number;
  /** A mobile release crashes on launch until the hotfix an hour later. */
  badDeploy: number;
}

/** `daysBefore` days before `now`, moved off the weekend, at the given UTC hour and minute. */
function incidentTime(now: number, daysBefore: number, hour: number, minute: number): number {
  let day = Math.floor((now - daysBefore * DAY) / DAY) * DAY;
  const dow = weekday(day);
  if (dow === 5) day -= DAY;
  if (dow === 6) day += DAY;
  return day + hour * HOUR + minute * MINUTE;
}

export function makePlan(opts: { now: number; seed?: number; scale?: number }): DemoPlan {
  const now = Math.floor(opts.now);
  const currentWeek = mondayOf(now);
  return {
    now,
    seed: opts.seed ?? 42,
    scale: opts.scale ?? 1,
    currentWeek,
    start: currentWeek - HISTORY_WEEKS * WEEK,
    storm: incidentTime(now, 10, 14, 7) + 23 * SECOND,
    outage: incidentTime(now, 23, 15, 41) + 12 * SECOND,
    badDeploy: incidentTime(now, 17, 18, 5),
  };
}

/** Week of `t` relative to the current week: 0 now, -1 the latest complete week, … -8. */
export function weekOf(plan: DemoPlan, t: number): number {
  return Math.floor((t - plan.currentWeek) / WEEK);
}

/** ISO-8601 with milliseconds, as the api logs it. */
export function isoMillis(t: number): string {
  return new Date(t).toISOString();
}

/** ISO-8601 to the second (`2026-11-20T03:00:01Z`), as batch jobs print it. */
export function isoSeconds(t: number): string {
  return new Date(t).toISOString().slice(0, 19) + 'Z';
}

/** `2026/11/20`, the date prefix of Lambda log stream names. */
export function slashDate(t: number): string {
  return new Date(t).toISOString().slice(0, 10).replace(/-/g, '/');
}
