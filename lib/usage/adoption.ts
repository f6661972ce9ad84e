import type { WeekWindow } from '../time/zone';

/** One feature's figures in one week, as the weekly usage query returns them. */
export interface WeekCount {
  feature: string;
  uses: number;
  users: number;
}

export interface Figures {
  uses: number;
  users: number;
}

/**
 * A change against a reference. `pct` is null when there is nothing to compare with: `new` (no
 * use before), `none` (no use either time).
 */
export interface Change {
  kind: 'up' | 'down' | 'flat' | 'new' | 'none';
  pct: number | null;
}

export interface FeatureAdoption {
  feature: string;
  /** One entry per week of the report, zero when unused. */
  weekly: Figures[];
  /** The latest complete week, and the one before it. */
  latest: Figures;
  previous: Figures;
  /** Average per week over the `baselineWeeks` complete weeks before the latest one. */
  baseline: Figures;
  usesChange: { vsPrevious: Change; vsBaseline: Change };
  usersChange: { vsPrevious: Change; vsBaseline: Change };
  /** 1 = grew most against its baseline. */
  rank: number;
}

export interface PeriodFigures {
  weeks: number;
  uses: number;
  /** Averages per week. */
  usesPerWeek: number;
  usersPerWeek: number;
}

export interface FeatureComparison {
  feature: string;
  before: PeriodFigures;
  after: PeriodFigures;
  /** Uses per week after against before. */
  change: Change;
  usersChange: Change;
}

export interface Comparison {
  at: number;
  /** Complete weeks ending at or before `at`, the latest `beforeWeeks` of them. */
  beforeWeeks: WeekWindow[];
  /** Complete weeks starting at or after `at`. */
  afterWeeks: WeekWindow[];
  /** The week that holds `at` strictly inside: left out of both sides. */
  splitWeek: WeekWindow | null;
  features: FeatureComparison[];
}

/** Below this many percent either way a change reads as flat. */
const FLAT_PCT = 0.5;

export function change(current: number, reference: number): Change {
  if (reference === 0) return current === 0 ? { kind: 'none', pct: null } : { kind: 'new', pct: null };
  const pct = ((current - reference) / reference) * 100;
  return { kind: Math.abs(pct) < FLAT_PCT ? 'flat' : pct > 0 ? 'up' : 'down', pct };
}

const ZERO: Figures = { uses: 0, users: 0 };

function average(figures: readonly Figures[]): Figures {
  if (figures.length === 0) return ZERO;
  return { uses: figures.reduce((n, f) => n + f.uses, 0) / figures.length, users: figures.reduce((n, f) => n + f.users, 0) / figures.length };
}

/** Growth order: new features first, then by change against the baseline, then by volume. */
function growthOrder(a: FeatureAdoption, b: FeatureAdoption): number {
  const score = (f: FeatureAdoption) => (f.usesChange.vsBaseline.kind === 'new' ? Infinity : f.usesChange.vsBaseline.kind === 'none' ? -Infinity : (f.usesChange.vsBaseline.pct ?? 0));
  return score(b) - score(a) || b.latest.uses - a.latest.uses || a.feature.localeCompare(b.feature);
}

/**
 * Per-feature adoption from one weekly result per week window (oldest first, the running week
 * last). Unique users cannot be added up across weeks, so every figure comes from one week's count
 * or an average of weekly counts.
 */
export function featureAdoption(weeks: readonly WeekWindow[], counts: readonly (readonly WeekCount[])[], baselineWeeks: number): FeatureAdoption[] {
  const names = new Set(counts.flat().map((c) => c.feature));
  const latestIndex = weeks.findLastIndex((w) => w.complete);
  const features = [...names].map((feature): FeatureAdoption => {
    const weekly = counts.map((week) => {
      const c = week.find((x) => x.feature === feature);
      return c ? { uses: c.uses, users: c.users } : ZERO;
    });
    const latest = weekly[latestIndex] ?? ZERO;
    const previous = weekly[latestIndex - 1] ?? ZERO;
    const baseline = average(weekly.slice(Math.max(0, latestIndex - baselineWeeks), Math.max(0, latestIndex)));
    return {
      feature,
      weekly,
      latest,
      previous,
      baseline,
      usesChange: { vsPrevious: change(latest.uses, previous.uses), vsBaseline: change(latest.uses, baseline.uses) },
      usersChange: { vsPrevious: change(latest.users, previous.users), vsBaseline: change(latest.users, baseline.users) },
      rank: 0,
    };
  });
  features.sort(growthOrder);
  features.forEach((f, i) => (f.rank = i + 1));
  return features;
}

function period(weekly: readonly Figures[]): PeriodFigures {
  const uses = weekly.reduce((n, f) => n + f.uses, 0);
  const avg = average(weekly);
  return { weeks: weekly.length, uses, usesPerWeek: avg.uses, usersPerWeek: avg.users };
}

/**
 * Before and after a date (a release): uses per week over the latest `beforeWeeks` complete weeks
 * that end by then, against every complete week that starts after it. A week holding the date
 * inside it mixes both and counts for neither.
 */
export function compareAround(weeks: readonly WeekWindow[], counts: readonly (readonly WeekCount[])[], at: number, beforeWeeks: number): Comparison {
  const indexed = weeks.map((w, i) => ({ w, i })).filter(({ w }) => w.complete);
  const before = indexed.filter(({ w }) => w.end <= at).slice(-beforeWeeks);
  const after = indexed.filter(({ w }) => w.start >= at);
  const split = weeks.find((w) => w.start < at && at < w.end) ?? null;
  const names = [...new Set([...before, ...after].flatMap(({ i }) => counts[i].map((c) => c.feature)))];
  const figuresOf = (feature: string, side: typeof before) => side.map(({ i }) => counts[i].find((c) => c.feature === feature) ?? ZERO);
  const features = names.map((feature): FeatureComparison => {
    const b = period(figuresOf(feature, before));
    const a = period(figuresOf(feature, after));
    return { feature, before: b, after: a, change: change(a.usesPerWeek, b.usesPerWeek), usersChange: change(a.usersPerWeek, b.usersPerWeek) };
  });
  features.sort((x, y) => y.after.usesPerWeek - x.after.usesPerWeek || x.feature.localeCompare(y.feature));
  return { at, beforeWeeks: before.map(({ w }) => w), afterWeeks: after.map(({ w }) => w), splitWeek: split && split.complete ? split : null, features };
}

/** "5 weeks before: 20 070; 1 week after: 43 200, +976 % per week". */
export function describeComparison(c: FeatureComparison): string {
  const n = (v: number) => Math.round(v).toLocaleString('en-US');
  const weeks = (k: number) => `${k} week${k === 1 ? '' : 's'}`;
  const pct = c.change.pct === null ? (c.change.kind === 'new' ? 'new' : 'no use either side') : `${c.change.pct >= 0 ? '+' : ''}${Math.round(c.change.pct).toLocaleString('en-US')} % per week`;
  return `${weeks(c.before.weeks)} before: ${n(c.before.uses)}; ${weeks(c.after.weeks)} after: ${n(c.after.uses)}, ${pct}`;
}
