import { ReferenceLine } from 'recharts';
import { groupMarkers } from '@/lib/charts/markers';
import type { ReleaseMarker } from '@/server/meta/release-markers';

/**
 * Release markers as dashed reference lines, labelled on the side with room. A function, not a
 * component: recharts only draws its own elements as direct children of a chart.
 */
export function markerLines(markers: readonly ReleaseMarker[], domain: [number, number]) {
  const span = Math.max(1, domain[1] - domain[0]);
  // Consecutive labels take turns on three rows, so neighbours never print over each other.
  return groupMarkers(markers, domain).map((g, i) => (
    <ReferenceLine
      key={g.id}
      x={g.at}
      stroke="#7c3aed"
      strokeDasharray="4 3"
      ifOverflow="hidden"
      label={{ value: g.label.length > 40 ? `${g.label.slice(0, 38)}…` : g.label, position: g.at - domain[0] > span * 0.6 ? 'insideTopRight' : 'insideTopLeft', fill: '#6d28d9', fontSize: 10, dy: (i % 3) * 12 }}
    />
  ));
}
