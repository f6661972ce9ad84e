import { localTime, startOfDay, startOfWeek } from '../time/zone';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Tick spacings a reader counts in: minutes, hours, days, weeks. */
const STEPS = [MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 28 * DAY];

export interface TimeTick {
  t: number;
  label: string;
}

/**
 * Axis ticks on round times of the reader's zone (midnights, whole hours, Mondays), at most
 * `max` of them, labelled with the date where a day begins and the time otherwise.
 */
export function timeTicks(start: number, end: number, tz: string, max = 8): TimeTick[] {
  if (!(end > start)) return [];
  const step = STEPS.find((s) => (end - start) / s <= max) ?? STEPS.at(-1)!;
  const date = new Intl.DateTimeFormat('en-US', { timeZone: tz, month: 'short', day: 'numeric' });
  const time = new Intl.DateTimeFormat('en-US', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const ticks: number[] = [];
  if (step < DAY) {
    // Whole multiples of the step after a local midnight (a daylight-saving day shifts by an hour).
    const { day } = localTime(start, tz);
    for (let d = day; ticks.length <= max * 2; d++) {
      const midnight = startOfDay(d, tz);
      const next = startOfDay(d + 1, tz);
      if (midnight > end) break;
      for (let t = midnight; t < next && t <= end; t += step) if (t >= start) ticks.push(t);
    }
  } else {
    const days = step / DAY;
    let t = days >= 7 ? startOfWeek(start, tz) : startOfDay(localTime(start, tz).day, tz);
    while (t < start) t = startOfDay(localTime(t, tz).day + days, tz);
    for (; t <= end && ticks.length <= max * 2; t = startOfDay(localTime(t, tz).day + days, tz)) ticks.push(t);
  }
  const dayStart = (t: number) => startOfDay(localTime(t, tz).day, tz) === t;
  return ticks.map((t) => ({ t, label: step >= DAY || dayStart(t) ? date.format(t) : time.format(t) }));
}

/** The reader's zone, as the browser (or Node) knows it. */
export function readerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
