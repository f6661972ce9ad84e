import { describe, expect, it } from 'vitest';
import { formatInZone, isTimeZone, localTime, startOfDay, startOfWeek, weekdayOf, weeksUpTo } from './zone';

const utc = (s: string) => Date.parse(`${s}Z`);
const HOUR = 3_600_000;

describe('weeks in a time zone', () => {
  it('starts the week on Monday 00:00 local, not UTC', () => {
    // Sunday 22:00 in New York is already Monday 03:00 UTC: it belongs to the week before.
    expect(startOfWeek(utc('2026-11-30T03:00:00'), 'America/New_York')).toBe(utc('2026-11-23T05:00:00'));
    expect(startOfWeek(utc('2026-11-30T05:00:00'), 'America/New_York')).toBe(utc('2026-11-30T05:00:00'));
    expect(startOfWeek(utc('2026-11-30T04:59:59'), 'America/New_York')).toBe(utc('2026-11-23T05:00:00'));
    // East of UTC it is the other way round: Sunday 23:30 UTC is Monday in Tokyo.
    expect(startOfWeek(utc('2026-11-29T23:30:00'), 'Asia/Tokyo')).toBe(utc('2026-11-29T15:00:00'));
    expect(startOfWeek(utc('2026-11-29T23:30:00'), 'UTC')).toBe(utc('2026-11-23T00:00:00'));
  });

  it('handles half-hour offsets and daylight saving', () => {
    expect(startOfWeek(utc('2026-12-01T12:00:00'), 'Asia/Kolkata')).toBe(utc('2026-11-29T18:30:00'));
    // US clocks spring forward on Sunday 8 March 2026: that week has 167 hours.
    const [week] = weeksUpTo(utc('2026-03-10T12:00:00'), 1, 'America/New_York');
    expect(week.start).toBe(utc('2026-03-02T05:00:00'));
    expect(week.end).toBe(utc('2026-03-09T04:00:00'));
    expect((week.end - week.start) / HOUR).toBe(167);
  });

  it('starts a day whose midnight is skipped at the jump', () => {
    // Chile moves from 00:00 to 01:00 on Sunday 6 September 2026: the day starts at 01:00 local.
    const day = localTime(utc('2026-09-06T12:00:00'), 'America/Santiago').day;
    const start = startOfDay(day, 'America/Santiago');
    expect(start).toBe(utc('2026-09-06T04:00:00'));
    expect(localTime(start, 'America/Santiago')).toEqual({ day, minutes: 60 });
    expect(localTime(start - 60_000, 'America/Santiago').day).toBe(day - 1);
  });

  it('lists complete weeks oldest first, then the running one', () => {
    const weeks = weeksUpTo(utc('2026-12-01T10:00:00'), 3, 'UTC');
    expect(weeks.map((w) => [w.label, w.complete])).toEqual([['Nov 9', true], ['Nov 16', true], ['Nov 23', true], ['Nov 30', false]]);
    for (let i = 1; i < weeks.length; i++) expect(weeks[i].start).toBe(weeks[i - 1].end);
  });

  it('knows weekdays, zone names and formats in the zone', () => {
    expect(weekdayOf(0)).toBe(3); // 1970-01-01, a Thursday
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(formatInZone(utc('2026-11-30T03:00:00'), 'America/New_York')).toBe('2026-11-29 22:00');
    expect(formatInZone(utc('2026-11-30T03:00:00'), 'America/New_York', false)).toBe('2026-11-29');
  });
});
