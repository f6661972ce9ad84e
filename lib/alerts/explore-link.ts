import { SLACK_LIMITS } from './slack-text';

export interface ExploreTarget {
  ql: string;
  start: number;
  end: number;
  sources?: readonly string[];
}

/**
 * The Explore URL that reproduces a query over a range (the page reads `q`, `start`, `end`, `src`;
 * components/explore/use-explore-state.ts). Falls back to `fallbackPath` when the link would be
 * longer than a Slack button accepts.
 */
export function exploreLink(baseUrl: string, target: ExploreTarget, fallbackPath = '/alerts'): string {
  const base = baseUrl.replace(/\/+$/, '');
  const p = new URLSearchParams();
  p.set('q', target.ql);
  p.set('start', new Date(target.start).toISOString());
  p.set('end', new Date(Math.max(target.end, target.start + 1000)).toISOString());
  for (const s of target.sources ?? []) p.append('src', s);
  const url = `${base}/explore?${p}`;
  return url.length <= SLACK_LIMITS.buttonUrl ? url : `${base}${fallbackPath}`;
}
