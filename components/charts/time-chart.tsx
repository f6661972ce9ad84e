'use client';

import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatMeasure, type TimeModel } from '@/lib/charts/series';
import { readerTimeZone, timeTicks } from '@/lib/charts/ticks';
import type { ReleaseMarker } from '@/server/meta/release-markers';
import { markerLines } from './marker-lines';

const AXIS = { fontSize: 11, fill: '#64748b' };

/**
 * A stats result over time as lines, stacked areas or stacked bars, with the release markers that
 * fall inside it. Times read in the viewer's zone unless `timeZone` says otherwise.
 */
export function TimeChart({ model, viz, unit = '', markers = [], timeZone, label, pointLabel }: {
  model: TimeModel;
  viz: 'line' | 'area' | 'bar';
  unit?: string;
  markers?: readonly ReleaseMarker[];
  timeZone?: string;
  label: string;
  /** The tooltip's heading for a point (default: its date and time). */
  pointLabel?: (t: number) => string;
}) {
  const { points, series } = model;
  const domain: [number, number] = [points[0]?.t ?? 0, points.at(-1)?.t ?? 0];
  const zone = timeZone ?? (model.utcBins ? 'UTC' : readerTimeZone());
  const ticks = timeTicks(domain[0], domain[1], zone);
  const tickLabel = new Map(ticks.map((t) => [t.t, t.label]));
  const common = { data: points, margin: { top: 12, right: 16, bottom: 0, left: 4 } };
  const children = [
    <CartesianGrid key="grid" stroke="#eef2f7" vertical={false} />,
    <XAxis key="x" dataKey="t" type="number" scale="time" domain={domain} ticks={ticks.map((t) => t.t)} tickFormatter={(t: number) => tickLabel.get(t) ?? ''} tick={AXIS} minTickGap={24} padding={viz === 'bar' ? { left: 12, right: 12 } : undefined} />,
    <YAxis key="y" tick={AXIS} width={56} tickFormatter={(v: number) => formatMeasure(v, '', true)} label={unit ? { value: unit, angle: -90, position: 'insideLeft', offset: 8, style: { fontSize: 11, fill: '#64748b', textAnchor: 'middle' } } : undefined} />,
    <Tooltip
      key="tip"
      labelFormatter={(t) => (pointLabel ? pointLabel(Number(t)) : `${new Date(Number(t)).toLocaleString('en-US', { timeZone: zone, dateStyle: 'medium', timeStyle: 'short' })}${model.utcBins && !timeZone ? ' UTC' : ''}`)}
      formatter={(v, name) => [formatMeasure(Number(v), unit), String(name)]}
      contentStyle={{ fontSize: 12 }}
    />,
    series.length > 1 ? <Legend key="legend" wrapperStyle={{ fontSize: 11 }} /> : null,
    ...markerLines(markers, domain),
  ];
  return (
    <figure aria-label={label} className="flex h-full min-h-40 flex-col" data-testid="time-chart">
      <div className="min-h-0 flex-1">
        <ResponsiveContainer width="100%" height="100%">
          {viz === 'area' ? (
            <AreaChart {...common}>
              {children}
              {series.map((s) => (
                 <Area key={s.key} type="monotone" dataKey={s.key} stackId={model.stackable ? '1' : undefined} stroke={s.color} fill={s.color} fillOpacity={model.stackable ? 0.55 : 0.15} isAnimationActive={false} />
              ))}
            </AreaChart>
          ) : viz === 'bar' ? (
            <BarChart {...common}>
              {children}
              {series.map((s) => (
                <Bar key={s.key} dataKey={s.key} stackId={model.stackable ? '1' : undefined} fill={s.color} isAnimationActive={false} />
              ))}
            </BarChart>
          ) : (
            <LineChart {...common}>
              {children}
              {series.map((s) => (
                <Line key={s.key} type="linear" dataKey={s.key} stroke={s.color} strokeWidth={2} dot={points.length < 40} isAnimationActive={false} />
              ))}
            </LineChart>
          )}
        </ResponsiveContainer>
      </div>
      {model.utcBins && !timeZone && <figcaption className="px-2 text-xs text-slate-500">Days in UTC (Logs Insights cuts bins at UTC midnight).</figcaption>}
      {model.hidden > 0 && (
        <figcaption className="px-2 text-xs text-slate-500">
          {model.hidden} more series not drawn: {model.measure} cannot be added up into an “other” line.
        </figcaption>
      )}
    </figure>
  );
}
