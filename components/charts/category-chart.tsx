'use client';

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatMeasure, type CategoryModel } from '@/lib/charts/series';

const AXIS = { fontSize: 11, fill: '#64748b' };

/** A grouped stats result as bars: horizontal when the labels are long (routes, messages), so they stay readable. */
export function CategoryChart({ model, unit = '', label }: { model: CategoryModel; unit?: string; label: string }) {
  const longest = Math.max(...model.bars.map((b) => b.label.length));
  const horizontal = longest > 14 || model.bars.length > 12;
  const truncate = (s: string) => (s.length > 42 ? `${s.slice(0, 40)}…` : s);
  return (
    <figure aria-label={label} className="h-full min-h-40" data-testid="category-chart">
      <ResponsiveContainer width="100%" height="100%">
        {horizontal ? (
          <BarChart data={model.bars} layout="vertical" margin={{ top: 4, right: 24, bottom: 0, left: 4 }}>
            <CartesianGrid horizontal={false} stroke="#eef2f7" />
            <XAxis type="number" tick={AXIS} tickFormatter={(v: number) => formatMeasure(v, unit, true)} minTickGap={24} />
            <YAxis type="category" dataKey="label" tick={AXIS} width={Math.min(260, 12 + Math.min(longest, 42) * 6)} tickFormatter={truncate} interval={0} />
            <Tooltip formatter={(v, name) => [formatMeasure(Number(v), unit), String(name)]} contentStyle={{ fontSize: 12 }} />
            {model.measures.length > 1 && <Legend wrapperStyle={{ fontSize: 11 }} />}
            {model.measures.map((m) => (
              <Bar key={m.key} dataKey={m.key} fill={m.color} isAnimationActive={false} />
            ))}
          </BarChart>
        ) : (
          <BarChart data={model.bars} margin={{ top: 8, right: 16, bottom: 0, left: 4 }}>
            <CartesianGrid vertical={false} stroke="#eef2f7" />
            <XAxis dataKey="label" tick={AXIS} interval={0} />
            <YAxis tick={AXIS} width={56} tickFormatter={(v: number) => formatMeasure(v, '', true)} label={unit ? { value: unit, angle: -90, position: 'insideLeft', offset: 8, style: { fontSize: 11, fill: '#64748b', textAnchor: 'middle' } } : undefined} />
            <Tooltip formatter={(v, name) => [formatMeasure(Number(v), unit), String(name)]} contentStyle={{ fontSize: 12 }} />
            {model.measures.length > 1 && <Legend wrapperStyle={{ fontSize: 11 }} />}
            {model.measures.map((m) => (
              <Bar key={m.key} dataKey={m.key} fill={m.color} isAnimationActive={false} />
            ))}
          </BarChart>
        )}
      </ResponsiveContainer>
    </figure>
  );
}
