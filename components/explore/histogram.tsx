'use client';

import { useState, type ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { parseResultTime, type Row } from '@/lib/charts/result-shape';

interface Point {
  t: number;
  events: number;
}

const axisTime = (t: number, span: number) =>
  new Date(t).toLocaleString(undefined, span > 14 * 86_400_000 ? { month: 'short', day: 'numeric' } : span > 86_400_000 ? { weekday: 'short', hour: '2-digit', hour12: false } : { hour: '2-digit', minute: '2-digit', hour12: false });

/** Events over the range; drag across bars to zoom the range in. `placeholder` stands in for the chart until it is asked for (AWS mode). */
export function Histogram({ rows, range, loading, onZoom, placeholder }: { rows: Row[]; range: { start: number; end: number }; loading: boolean; onZoom: (start: number, end: number) => void; placeholder?: ReactNode }) {
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  if (placeholder) {
    return (
      <div className="flex h-28 items-center justify-center border-b border-slate-200 bg-white px-4 text-xs text-slate-500" aria-label="Event volume over time" role="figure">
        {placeholder}
      </div>
    );
  }
  const data: Point[] = rows
    .map((r) => {
      const key = Object.keys(r).find((k) => k !== 'events');
      return { t: key ? (parseResultTime(r[key]) ?? 0) : 0, events: Number(r.events ?? 0) };
    })
    .filter((p) => p.t > 0)
    .sort((a, b) => a.t - b.t);
  const total = data.reduce((n, p) => n + p.events, 0);
  const span = range.end - range.start;

  return (
    <div className="h-28 border-b border-slate-200 bg-white px-2 pt-2" aria-label="Event volume over time" role="figure">
      <div className="flex items-center justify-between px-2 text-xs text-slate-500">
        <span>{loading ? 'Counting events…' : `${total.toLocaleString('en-US')} events`}</span>
        <span>Drag across the chart to zoom in</span>
      </div>
      <ResponsiveContainer width="100%" height={84}>
        <BarChart
          data={data}
          margin={{ top: 4, right: 8, bottom: 0, left: 0 }}
          onMouseDown={(e) => e?.activeLabel !== undefined && setDrag({ from: Number(e.activeLabel), to: Number(e.activeLabel) })}
          onMouseMove={(e) => drag && e?.activeLabel !== undefined && setDrag({ ...drag, to: Number(e.activeLabel) })}
          onMouseUp={() => {
            if (drag && drag.from !== drag.to) onZoom(Math.min(drag.from, drag.to), Math.max(drag.from, drag.to));
            setDrag(null);
          }}
        >
          <CartesianGrid vertical={false} stroke="#eef2f7" />
          <XAxis dataKey="t" type="number" scale="time" domain={[range.start, range.end]} tickFormatter={(t: number) => axisTime(t, span)} tick={{ fontSize: 10, fill: '#64748b' }} tickLine={false} axisLine={false} minTickGap={40} />
          <YAxis width={40} tick={{ fontSize: 10, fill: '#64748b' }} tickLine={false} axisLine={false} allowDecimals={false} />
          <Tooltip labelFormatter={(t) => new Date(Number(t)).toLocaleString()} formatter={(v) => [Number(v).toLocaleString('en-US'), 'events']} />
          <Bar dataKey="events" fill="#6366f1" isAnimationActive={false} minPointSize={1} />
          {drag && <ReferenceArea x1={drag.from} x2={drag.to} fill="#6366f1" fillOpacity={0.15} />}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
