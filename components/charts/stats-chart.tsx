'use client';

import { useMemo } from 'react';
import { chartModel, measureKinds } from '@/lib/charts/series';
import type { Row } from '@/lib/charts/result-shape';
import type { Query } from '@/lib/query';
import { CategoryChart } from './category-chart';
import { ChartEmpty } from './chart-states';
import { TimeChart } from './time-chart';
import { useReleaseMarkers } from './use-markers';

/**
 * A stats result as a chart: over time for `bin()` results (lines, stacked areas or bars), bars by
 * group otherwise. The top eight series are drawn; the rest fold into "other" when they add up.
 */
export function StatsChart({ fields, rows, query, viz = 'line', unit, label, maxBars }: { fields: string[]; rows: Row[]; query: Query | null; viz?: 'line' | 'area' | 'bar'; unit?: string; label?: string; /** Bars that fit the space; the rest fold into "other". */ maxBars?: number }) {
  const markers = useReleaseMarkers();
  const model = useMemo(() => chartModel(fields, rows, { ...measureKinds(query), maxBars }), [fields, rows, query, maxBars]);
  if (model.kind === 'none') return <ChartEmpty>{model.reason === 'no rows' ? 'No results in this range.' : `Nothing to chart: ${model.reason}.`}</ChartEmpty>;
  if (model.kind === 'time') return <TimeChart model={model} viz={viz} unit={unit} markers={markers} label={label ?? `${model.measure} over time`} />;
  return <CategoryChart model={model} unit={unit} label={label ?? `${model.measures.map((m) => m.key).join(', ')} by group`} />;
}
