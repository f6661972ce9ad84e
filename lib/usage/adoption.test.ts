import { describe, expect, it } from 'vitest';
import { weeksUpTo } from '../time/zone';
import { change, compareAround, describeComparison, featureAdoption, type WeekCount } from './adoption';
import { DEFAULT_USAGE_SETTINGS, usageSettings } from './settings';
import { weeklyUsageQuery } from './query';

const NOW = Date.parse('2026-12-01T10:00:00Z'); // a Tuesday
const weeks = weeksUpTo(NOW, 7, 'UTC'); // seven complete weeks, then the running one

/** The demo's story: a pilot at ~4 000 a week for five weeks, a release, then 43 200. */
function counts(): WeekCount[][] {
  const dashboard = [0, 3950, 4080, 3910, 4120, 4010, 43200, 9000];
  const reports = [900, 800, 700, 600, 500, 400, 300, 50];
  return weeks.map((_, i) => [
    ...(dashboard[i] ? [{ feature: 'assignment-dashboard', uses: dashboard[i], users: Math.round(dashboard[i] / 10) }] : []),
    { feature: 'legacy-reports', uses: reports[i], users: 50 },
  ]);
}

describe('feature adoption', () => {
  it('reads the latest complete week against the week before and the baseline average', () => {
    const [top, second] = featureAdoption(weeks, counts(), 4);
    expect(top.feature).toBe('assignment-dashboard');
    expect(top.latest).toEqual({ uses: 43200, users: 4320 });
    expect(top.previous).toEqual({ uses: 4010, users: 401 });
    expect(top.baseline.uses).toBeCloseTo((4080 + 3910 + 4120 + 4010) / 4, 6);
    expect(top.usesChange.vsPrevious).toEqual({ kind: 'up', pct: ((43200 - 4010) / 4010) * 100 });
    expect(top.usesChange.vsBaseline.pct).toBeCloseTo((43200 / 4030 - 1) * 100, 6);
    expect(top.weekly).toHaveLength(8);
    expect(top.weekly[0]).toEqual({ uses: 0, users: 0 });
    expect(second.feature).toBe('legacy-reports');
    expect(second.usesChange.vsPrevious.kind).toBe('down');
    expect(second.usersChange.vsPrevious.kind).toBe('flat');
    expect([top.rank, second.rank]).toEqual([1, 2]);
  });

  it('ranks a feature with no baseline as new, ahead of any growth', () => {
    const c = weeks.map((_, i) => (i === 6 ? [{ feature: 'dark-mode', uses: 5, users: 5 }, { feature: 'quiz', uses: 200, users: 20 }] : [{ feature: 'quiz', uses: 100, users: 10 }]));
    const [first, second] = featureAdoption(weeks, c, 4);
    expect(first).toMatchObject({ feature: 'dark-mode', usesChange: { vsBaseline: { kind: 'new', pct: null } } });
    expect(second).toMatchObject({ feature: 'quiz', usesChange: { vsBaseline: { kind: 'up', pct: 100 } } });
  });

  it('compares uses per week before and after a release date', () => {
    const release = weeks[6].start; // Monday of the latest complete week
    const c = compareAround(weeks, counts(), release, 5);
    expect(c.beforeWeeks.map((w) => w.label)).toEqual(weeks.slice(1, 6).map((w) => w.label));
    expect(c.afterWeeks.map((w) => w.label)).toEqual([weeks[6].label]);
    expect(c.splitWeek).toBeNull();
    const dash = c.features.find((f) => f.feature === 'assignment-dashboard')!;
    expect(dash.before).toEqual({ weeks: 5, uses: 20070, usesPerWeek: 4014, usersPerWeek: (395 + 408 + 391 + 412 + 401) / 5 });
    expect(dash.after).toMatchObject({ weeks: 1, uses: 43200, usesPerWeek: 43200 });
    expect(describeComparison(dash)).toBe('5 weeks before: 20,070; 1 week after: 43,200, +976 % per week');
  });

  it('leaves the week holding a mid-week date out of both sides', () => {
    const midWeek = weeks[4].start + 2.5 * 86_400_000;
    const c = compareAround(weeks, counts(), midWeek, 2);
    expect(c.splitWeek?.label).toBe(weeks[4].label);
    expect(c.beforeWeeks.map((w) => w.label)).toEqual([weeks[2].label, weeks[3].label]);
    expect(c.afterWeeks.map((w) => w.label)).toEqual([weeks[5].label, weeks[6].label]);
  });

  it('calls small changes flat and nothing against nothing none', () => {
    expect(change(1002, 1000)).toEqual({ kind: 'flat', pct: 0.2 });
    expect(change(0, 0)).toEqual({ kind: 'none', pct: null });
    expect(change(0, 10)).toEqual({ kind: 'down', pct: -100 });
  });
});

describe('usage query', () => {
  it('counts uses and unique users per feature, with fields quoted', () => {
    const r = weeklyUsageQuery({ ...DEFAULT_USAGE_SETTINGS, featureField: 'feature name', userField: 'user.id' });
    expect(r.ok && r.ql).toBe('filter event = "feature_used"\n| stats count(*) as uses, count_distinct(user.id) as users by `feature name`');
    const one = weeklyUsageQuery(DEFAULT_USAGE_SETTINGS, 'say "hi"');
    expect(one.ok && one.ql).toContain('feature = "say \\"hi\\""');
  });

  it('refuses an event filter that is not one', () => {
    expect(weeklyUsageQuery({ ...DEFAULT_USAGE_SETTINGS, eventFilter: 'event = "x" | display secret' })).toMatchObject({ ok: false, error: expect.stringMatching(/filter expression only/) });
    expect(weeklyUsageQuery({ ...DEFAULT_USAGE_SETTINGS, eventFilter: 'event = ' })).toMatchObject({ ok: false, error: expect.stringMatching(/not a valid filter/) });
  });

  it('validates team settings', () => {
    expect(usageSettings.safeParse({ timeZone: 'Mars/Olympus' }).error?.issues[0].message).toMatch(/IANA time zone/);
    expect(usageSettings.safeParse({ featureField: 'a`b' }).success).toBe(false);
    expect(usageSettings.parse({})).toEqual({ eventFilter: 'event = "feature_used"', featureField: 'feature', userField: 'user.id', timeZone: 'UTC', baselineWeeks: 4 });
  });
});
