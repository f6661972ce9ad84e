/** A query over a range (epoch ms, both inclusive) and sources, as Explore opens it. */
export interface ExploreTarget {
  ql: string;
  start: number;
  end: number;
  sources?: readonly string[];
}

/**
 * The Explore path that reproduces a query over a range: the page reads `q`, `start`, `end` and
 * `src` (components/explore/use-explore-state.ts). A zero-length range is widened to a second.
 */
export function explorePath(target: ExploreTarget): string {
  const p = new URLSearchParams();
  p.set('q', target.ql);
  p.set('start', new Date(target.start).toISOString());
  p.set('end', new Date(Math.max(target.end, target.start + 1000)).toISOString());
  for (const s of target.sources ?? []) p.append('src', s);
  return `/explore?${p}`;
}
