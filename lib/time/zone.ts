/**
 * Calendar weeks in a named time zone (IANA, e.g. `America/New_York`), daylight saving included.
 * Usage figures are per week starting Monday 00:00 in the team's zone, so these are their edges.
 * Pure and isomorphic: only `Intl`, which Node and browsers both ship with full zone data.
 */

const DAY_MS = 86_400_000;

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const partFormatters = new Map<string, Intl.DateTimeFormat>();

function partFormatter(tz: string): Intl.DateTimeFormat {
  let f = partFormatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' });
    partFormatters.set(tz, f);
  }
  return f;
}

/** A local calendar date as a day number (days since 1970-01-01), so date arithmetic is integer math. */
export type DayNumber = number;

export interface LocalTime {
  day: DayNumber;
  /** Minutes since local midnight. */
  minutes: number;
}

export function localTime(ms: number, tz: string): LocalTime {
  const p: Record<string, number> = {};
  for (const part of partFormatter(tz).formatToParts(ms)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return { day: Math.floor(Date.UTC(p.year, p.month - 1, p.day) / DAY_MS), minutes: p.hour * 60 + p.minute };
}

/** Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday). */
export function weekdayOf(day: DayNumber): number {
  return (((day + 3) % 7) + 7) % 7;
}

/**
 * The first instant whose local date is `day`. Found by bisection over minutes, so days whose
 * midnight is skipped by a daylight-saving jump start at the jump, and no offset table is needed.
 */
export function startOfDay(day: DayNumber, tz: string): number {
  let lo = day * DAY_MS - 15 * 3_600_000; // no zone is more than 14 h ahead of or behind UTC
  let hi = day * DAY_MS + 15 * 3_600_000;
  lo -= lo % 60_000;
  while (hi - lo > 60_000) {
    const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
    if (localTime(mid, tz).day >= day) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Monday 00:00 (local) of the week holding `ms`. */
export function startOfWeek(ms: number, tz: string): number {
  const { day } = localTime(ms, tz);
  return startOfDay(day - weekdayOf(day), tz);
}

export interface WeekWindow {
  /** Monday 00:00 local, epoch ms (inclusive). */
  start: number;
  /** The next Monday 00:00 local (exclusive): 167 or 169 hours later across a DST change. */
  end: number;
  /** `Nov 23`: the Monday, in the zone. */
  label: string;
  /** False for the week still running at `now`. */
  complete: boolean;
}

/** `count` complete weeks before the one holding `now`, oldest first, then the current week. */
export function weeksUpTo(now: number, count: number, tz: string): WeekWindow[] {
  const { day } = localTime(now, tz);
  const monday = day - weekdayOf(day);
  const label = new Intl.DateTimeFormat('en-US', { timeZone: tz, month: 'short', day: 'numeric' });
  const out: WeekWindow[] = [];
  for (let i = count; i >= 0; i--) {
    const start = startOfDay(monday - 7 * i, tz);
    out.push({ start, end: startOfDay(monday - 7 * i + 7, tz), label: label.format(start), complete: i > 0 });
  }
  return out;
}

/** `2026-11-23 09:30` in the zone, for tooltips and sentences. */
export function formatInZone(ms: number, tz: string, withTime = true): string {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}) });
  return f.format(ms).replace(',', '');
}
