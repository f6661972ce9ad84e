'use client';

import Link from 'next/link';
import { weeklyUsageQuery } from '@/lib/usage/query';
import type { FeatureAdoption } from '@/lib/usage/adoption';
import type { AdoptionReport } from '@/server/usage/adoption';
import { ChangeBadge } from '../charts/change-badge';
import { explorePath } from '@/lib/explore/link';

const n = (v: number) => Math.round(v).toLocaleString('en-US');

/** Weekly uses as a tiny line, complete weeks only, scaled to the feature's own peak. */
function Sparkline({ values, color }: { values: number[]; color: string }) {
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? 88 / (values.length - 1) : 0;
  const pts = values.map((v, i) => `${4 + i * step},${22 - (v / max) * 18}`).join(' ');
  return (
    <svg aria-hidden viewBox="0 0 96 26" className="h-6 w-24">
      <polyline points={pts} fill="none" stroke={color} strokeWidth={1.75} strokeLinejoin="round" />
    </svg>
  );
}

/**
 * Every feature ranked by growth: its latest complete week against the week before and against
 * the average of the baseline weeks. Each figure opens the exact query behind it in Explore.
 */
export function FeatureTable({ report, colors, selected, onSelect, canExplore }: { report: AdoptionReport; colors: Map<string, string>; selected: string | null; onSelect: (feature: string | null) => void; canExplore: boolean }) {
  const latestIndex = report.weeks.findLastIndex((w) => w.complete);
  const latest = report.weeks[latestIndex];
  const running = report.weeks.at(-1);
  const baseline = `the ${report.settings.baselineWeeks} weeks before`;
  const cell = 'px-3 py-2 text-right tabular-nums';
  const explore = (f: FeatureAdoption, week = latest) => {
    const q = weeklyUsageQuery(report.settings, f.feature);
    return q.ok && week ? explorePath({ ql: q.ql, start: week.start, end: week.end - 1 }) : null;
  };
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-sm" aria-label="Features ranked by growth">
        <thead className="bg-slate-50 text-xs text-slate-500">
          <tr>
            <th className="px-3 py-2 text-left font-medium">#</th>
            <th className="px-3 py-2 text-left font-medium">Feature</th>
            <th className="px-3 py-2 text-left font-medium">Weekly uses</th>
            <th className={`${cell} font-medium`}>Uses, week of {latest?.label}</th>
            <th className={`${cell} font-medium`}>vs week before</th>
            <th className={`${cell} font-medium`}>vs {report.settings.baselineWeeks}-week average</th>
            <th className={`${cell} font-medium`}>Unique users</th>
            <th className={`${cell} font-medium`}>vs week before</th>
            <th className={`${cell} font-medium`}>This week so far</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {report.features.map((f) => {
            const href = explore(f);
            const color = colors.get(f.feature) ?? '#94a3b8';
            return (
              <tr key={f.feature} data-testid="feature-row" data-feature={f.feature} className={selected === f.feature ? 'bg-indigo-50/60' : 'hover:bg-slate-50'}>
                <td className="px-3 py-2 text-slate-500 tabular-nums">{f.rank}</td>
                <td className="px-3 py-2">
                  <button type="button" onClick={() => onSelect(selected === f.feature ? null : f.feature)} className="flex items-center gap-2 text-left font-medium text-slate-900 hover:text-indigo-700" aria-pressed={selected === f.feature} title="Draw this feature alone">
                    <span aria-hidden className="h-2.5 w-2.5 shrink-0 rounded-sm" style={{ background: color }} />
                    <span className="break-all">{f.feature}</span>
                  </button>
                </td>
                <td className="px-3 py-1">
                  <Sparkline values={f.weekly.filter((_, i) => report.weeks[i].complete).map((w) => w.uses)} color={color} />
                </td>
                <td className={`${cell} font-medium text-slate-900`} data-testid="latest-uses">
                  {canExplore && href ? <Link href={href} className="hover:text-indigo-700 hover:underline" title="Open this figure's query in Explore">{n(f.latest.uses)}</Link> : n(f.latest.uses)}
                </td>
                <td className={cell}>
                  <ChangeBadge change={f.usesChange.vsPrevious} against={`${n(f.previous.uses)} the week before`} />
                </td>
                <td className={cell} data-testid="vs-baseline">
                  <ChangeBadge change={f.usesChange.vsBaseline} against={`${n(f.baseline.uses)} a week over ${baseline}`} />
                </td>
                <td className={cell}>{n(f.latest.users)}</td>
                <td className={cell}>
                  <ChangeBadge change={f.usersChange.vsPrevious} against={`${n(f.previous.users)} the week before`} />
                </td>
                <td className={`${cell} text-slate-500`}>{running && !running.complete ? n(f.weekly.at(-1)?.uses ?? 0) : '–'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {report.features.length === 0 && (
        <p className="p-6 text-center text-sm text-slate-500">
          No usage events in these weeks. Check the usage event above: it selects events with <code className="font-mono">{report.settings.eventFilter}</code>.
        </p>
      )}
    </div>
  );
}
