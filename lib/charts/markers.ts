/** Markers closer than this share of the chart's span are drawn as one line with both labels. */
const MERGE_SHARE = 0.03;

interface MarkerGroup {
  id: string;
  at: number;
  label: string;
}

/** Markers inside the domain, nearby ones merged so their labels never overlap. Pure, for tests. */
export function groupMarkers(markers: readonly { id: string; at: number; label: string }[], domain: [number, number]): MarkerGroup[] {
  const span = Math.max(1, domain[1] - domain[0]);
  const inside = markers.filter((m) => m.at >= domain[0] && m.at <= domain[1]).sort((a, b) => a.at - b.at);
  const groups: MarkerGroup[] = [];
  for (const m of inside) {
    const last = groups.at(-1);
    if (last && m.at - last.at < span * MERGE_SHARE) last.label = `${last.label}, ${m.label}`;
    else groups.push({ id: m.id, at: m.at, label: m.label });
  }
  return groups;
}
