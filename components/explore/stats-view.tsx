'use client';

import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatValue, numericColumns, parseResultTime, SERIES_COLORS, timeColumn, type Row } from './result-shape';

const MAX_SERIES = 8;

/**
 * A stats result as a chart: a line per series over time for `bin()` results, bars otherwise.
 * Series past the top eight by total are summed into "other" so the chart stays readable.
 */
export function StatsChart({ fields, rows, zeroFill }: { fields: string[]; rows: Row[]; /** Counts and sums: a missing bin means 0. */ zeroFill: boolean }) {
  const time = timeColumn(fields, rows);
  const measures = numericColumns(fields, rows).filter((f) => f !== time);
  const dims = fields.filter((f) => f !== time && !measures.includes(f));
  if (measures.length === 0 || rows.length === 0) return null;
  const measure = measures[0];
  const seriesOf = (r: Row) => (dims.length ? dims.map((d) => formatValue(r[d] ?? null) || '(none)').join(' · ') : measure);

  if (time) {
    const totals = new Map<string, number>();
    for (const r of rows) totals.set(seriesOf(r), (totals.get(seriesOf(r)) ?? 0) + Number(r[measure] ?? 0));
    const top = [...totals].sort((a, b) => b[1] - a[1]).slice(0, MAX_SERIES).map(([s]) => s);
    const hasOther = totals.size > top.length;
    const byTime = new Map<number, Record<string, number>>();
    for (const r of rows) {
      const t = parseResultTime(r[time]);
      if (t === null) continue;
      const point = byTime.get(t) ?? { t };
      const s = top.includes(seriesOf(r)) ? seriesOf(r) : 'other';
      point[s] = (point[s] ?? 0) + Number(r[measure] ?? 0);
      byTime.set(t, point);
    }
    const data = [...byTime.values()].sort((a, b) => a.t - b.t);
    const series = hasOther ? [...top, 'other'] : top;
    if (zeroFill) for (const point of data) for (const s of series) point[s] ??= 0;
    const span = data.length > 1 ? data[data.length - 1].t - data[0].t : 0;
    return (
      <figure aria-label={`${measure} over time`} className="h-72 border-b border-slate-200 bg-white p-3" data-testid="stats-chart">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="#eef2f7" />
            <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={(t: number) => new Date(t).toLocaleString(undefined, span > 2 * 86_400_000 ? { month: 'short', day: 'numeric' } : { hour: '2-digit', minute: '2-digit', hour12: false })} tick={{ fontSize: 11, fill: '#64748b' }} minTickGap={40} />
            <YAxis tick={{ fontSize: 11, fill: '#64748b' }} width={56} tickFormatter={(v: number) => v.toLocaleString('en-US', { notation: 'compact' })} label={{ value: measure, angle: -90, position: 'insideLeft', fontSize: 11, fill: '#64748b' }} />
            <Tooltip labelFormatter={(t) => new Date(Number(t)).toLocaleString()} formatter={(v) => Number(v).toLocaleString('en-US')} />
            {series.length > 1 && <Legend wrapperStyle={{ fontSize: 11 }} />}
            {series.map((s, i) => (
              <Line key={s} type="linear" dataKey={s} stroke={s === 'other' ? '#94a3b8' : SERIES_COLORS[i % SERIES_COLORS.length]} dot={data.length < 40} strokeWidth={2} isAnimationActive={false} connectNulls />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </figure>
    );
  }

  const sorted = [...rows].sort((a, b) => Number(b[measure] ?? 0) - Number(a[measure] ?? 0));
  const top = sorted.slice(0, 20).map((r) => ({ label: seriesOf(r), ...Object.fromEntries(measures.slice(0, 3).map((m) => [m, Number(r[m] ?? 0)])) }));
  if (sorted.length > 20) top.push({ label: `other (${sorted.length - 20})`, ...Object.fromEntries(measures.slice(0, 3).map((m) => [m, sorted.slice(20).reduce((n, r) => n + Number(r[m] ?? 0), 0)])) });
  return (
    <figure aria-label={`${measure} by ${dims.join(', ') || 'total'}`} className="h-72 border-b border-slate-200 bg-white p-3" data-testid="stats-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={top} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke="#eef2f7" />
          <XAxis dataKey="label" tick={{ fontSize: 11, fill: '#64748b' }} interval={0} angle={top.length > 6 ? -25 : 0} textAnchor={top.length > 6 ? 'end' : 'middle'} height={top.length > 6 ? 70 : 30} />
          <YAxis tick={{ fontSize: 11, fill: '#64748b' }} width={56} tickFormatter={(v: number) => v.toLocaleString('en-US', { notation: 'compact' })} />
          <Tooltip formatter={(v) => Number(v).toLocaleString('en-US')} />
          {measures.length > 1 && <Legend wrapperStyle={{ fontSize: 11 }} />}
          {measures.slice(0, 3).map((m, i) => (
            <Bar key={m} dataKey={m} fill={SERIES_COLORS[i]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
