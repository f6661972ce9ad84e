'use client';

import Link from 'next/link';
import { useMemo, useState } from 'react';
import { adoptionSeries, type UsageMetric } from '@/lib/usage/chart';
import { weeklyUsageQuery } from '@/lib/usage/query';
import type { AdoptionReport } from '@/server/usage/adoption';
import { ChartEmpty } from '../charts/chart-states';
import { TimeChart } from '../charts/time-chart';
import { useReleaseMarkers } from '../charts/use-markers';
import { explorePath } from '@/lib/explore/link';
import { Button } from '../ui/primitives';

/** Uses (or unique users) per complete week, a line per feature; "Show numbers" lists every figure with its query. */
export function UsageChart({ report, metric, onMetric, feature, onClearFeature, colors, canExplore }: {
  report: AdoptionReport;
  metric: UsageMetric;
  onMetric: (m: UsageMetric) => void;
  feature: string | null;
  onClearFeature: () => void;
  colors: Map<string, string>;
  canExplore: boolean;
}) {
  const [numbers, setNumbers] = useState(false);
  const markers = useReleaseMarkers();
  const tz = report.settings.timeZone;
  const model = useMemo(() => adoptionSeries(report.weeks, report.features, metric, colors, feature ?? undefined), [report, metric, colors, feature]);
  const weekLabel = (t: number) => `Week of ${report.weeks.find((w) => w.start === t)?.label ?? new Date(t).toDateString()}`;
  const toggle = 'rounded px-2.5 py-1 text-xs font-medium';
  return (
    <section aria-label="Usage per week" className="rounded-lg border border-slate-200 bg-white">
      <div className="flex flex-wrap items-center gap-3 border-b border-slate-100 px-4 py-2">
        <h2 className="text-sm font-semibold text-slate-900">{feature ? `${feature}: ` : ''}{metric === 'uses' ? 'Uses' : 'Unique users'} per week</h2>
        {feature && <Button variant="ghost" className="text-xs" onClick={onClearFeature}>Show all features</Button>}
        <div className="ml-auto flex items-center gap-2">
          <div role="group" aria-label="Measure" className="flex rounded border border-slate-300 p-0.5">
            {(['uses', 'users'] as const).map((m) => (
              <button key={m} type="button" aria-pressed={metric === m} onClick={() => onMetric(m)} className={`${toggle} ${metric === m ? 'bg-indigo-600 text-white' : 'text-slate-600 hover:bg-slate-100'}`}>
                {m === 'uses' ? 'Uses' : 'Unique users'}
              </button>
            ))}
          </div>
          <Button className="text-xs" onClick={() => setNumbers((v) => !v)} aria-expanded={numbers}>{numbers ? 'Hide numbers' : 'Show numbers'}</Button>
        </div>
      </div>
      <div className="h-80 px-2 py-3">
        {model.points.length === 0 || model.series.length === 0 ? (
          <ChartEmpty>No complete week with usage events yet.</ChartEmpty>
        ) : (
          <TimeChart model={model} viz="line" unit={metric === 'uses' ? 'uses' : 'users'} markers={markers} timeZone={tz} label={`${model.measure} per week by feature`} pointLabel={weekLabel} />
        )}
      </div>
      <p className="border-t border-slate-100 px-4 py-2 text-xs text-slate-500">
        Complete weeks only, Monday to Sunday in {tz}; the week still running is in the table below.
        {metric === 'users' && ' Unique users are counted per feature and week; they do not add up across features.'}
      </p>
      {numbers && <WeeksTable report={report} metric={metric} canExplore={canExplore} />}
    </section>
  );
}

/** The chart's numbers: a row per feature, a column per week; each week header opens that week's query in Explore. */
function WeeksTable({ report, metric, canExplore }: { report: AdoptionReport; metric: UsageMetric; canExplore: boolean }) {
  const q = weeklyUsageQuery(report.settings);
  return (
    <div className="overflow-x-auto border-t border-slate-100">
      <table className="w-full text-xs" aria-label="Weekly figures">
        <thead className="bg-slate-50 text-slate-500">
          <tr>
            <th className="px-3 py-1.5 text-left font-medium">Feature</th>
            {report.weeks.map((w) => (
              <th key={w.start} className="px-3 py-1.5 text-right font-medium whitespace-nowrap">
                {canExplore && q.ok ? <Link className="hover:text-indigo-700 hover:underline" href={explorePath({ ql: q.ql, start: w.start, end: w.end - 1 })} title="Open this week's query in Explore">{w.label}</Link> : w.label}
                {!w.complete && ' (so far)'}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 tabular-nums">
          {report.features.map((f) => (
            <tr key={f.feature}>
              <td className="px-3 py-1 text-slate-700">{f.feature}</td>
              {f.weekly.map((w, i) => (
                <td key={i} className="px-3 py-1 text-right text-slate-900">{w[metric].toLocaleString('en-US')}</td>
              ))}
            </tr>
          ))}
          {metric === 'uses' && (
            <tr className="bg-slate-50 font-medium">
              <td className="px-3 py-1 text-slate-700">All features</td>
              {report.totals.map((t, i) => (
                <td key={i} className="px-3 py-1 text-right">{t.toLocaleString('en-US')}</td>
              ))}
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
