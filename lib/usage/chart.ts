import { MAX_SERIES, OTHER, OTHER_COLOR, type TimeModel } from '../charts/series';
import { SERIES_COLORS } from '../charts/result-shape';
import type { WeekWindow } from '../time/zone';
import type { FeatureAdoption } from './adoption';

export type UsageMetric = 'uses' | 'users';

/**
 * One colour per feature for the whole page, by total uses, so the chart and the table agree: a
 * distinct colour for as many features as the palette holds (the unique-users view may draw
 * others than the top eight by uses), grey beyond.
 */
export function featureColors(features: readonly FeatureAdoption[]): Map<string, string> {
  const total = (f: FeatureAdoption) => f.weekly.reduce((n, w) => n + w.uses, 0);
  const ordered = [...features].sort((a, b) => total(b) - total(a) || a.feature.localeCompare(b.feature));
  return new Map(ordered.map((f, i) => [f.feature, i < SERIES_COLORS.length ? SERIES_COLORS[i] : OTHER_COLOR]));
}

/**
 * Complete weeks as a time series per feature (the running week would read as a drop). Uses of
 * the features past the top eight add up into "other"; unique users do not, so they are hidden.
 */
export function adoptionSeries(weeks: readonly WeekWindow[], features: readonly FeatureAdoption[], metric: UsageMetric, colors: Map<string, string>, only?: string): TimeModel {
  const complete = weeks.map((w, i) => ({ w, i })).filter(({ w }) => w.complete);
  const total = (f: FeatureAdoption) => f.weekly.reduce((n, w) => n + w[metric], 0);
  const ranked = (only ? features.filter((f) => f.feature === only) : [...features]).sort((a, b) => total(b) - total(a) || a.feature.localeCompare(b.feature));
  const top = ranked.slice(0, MAX_SERIES);
  const rest = ranked.slice(MAX_SERIES);
  const folded = rest.length > 0 && metric === 'uses';
  const points = complete.map(({ w, i }) => {
    const p: { t: number } & Record<string, number> = { t: w.start };
    for (const f of top) p[f.feature] = f.weekly[i][metric];
    if (folded) p[OTHER] = rest.reduce((n, f) => n + f.weekly[i].uses, 0);
    return p;
  });
  return {
    kind: 'time',
    measure: metric === 'uses' ? 'uses' : 'unique users',
    series: [...top.map((f) => ({ key: f.feature, color: colors.get(f.feature) ?? OTHER_COLOR })), ...(folded ? [{ key: OTHER, color: OTHER_COLOR }] : [])],
    points,
    hidden: metric === 'users' ? rest.length : 0,
    stackable: metric === 'uses',
    // Weeks of the team's zone, drawn in that zone by the page.
    utcBins: false,
  };
}
