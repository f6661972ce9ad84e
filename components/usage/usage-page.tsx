'use client';

import { useMemo } from 'react';
import { change, type FeatureAdoption } from '@/lib/usage/adoption';
import { featureColors } from '@/lib/usage/chart';
import { hasRole, type Role } from '@/lib/auth/roles';
import type { AdoptionReport } from '@/server/usage/adoption';
import { ChangeBadge } from '../charts/change-badge';
import { ChartLoading } from '../charts/chart-states';
import { useReleaseMarkers } from '../charts/use-markers';
import { ErrorNote, PageHeader, Select } from '../ui/primitives';
import { ComparePanel } from './compare-panel';
import { DefinitionBar } from './definition-bar';
import { FeatureTable } from './feature-table';
import { MarkersPanel } from './markers-panel';
import { UsageChart } from './usage-chart';
import { useUsageReport } from './use-usage';
import { useUsageState } from './use-usage-state';

const n = (v: number) => Math.round(v).toLocaleString('en-US');

/** Feature adoption for product managers: which features are used, by how many people, and what changed. */
export function UsagePage({ role }: { role: Role }) {
  const { view, update } = useUsageState();
  const report = useUsageReport(view);
  const markers = useReleaseMarkers();
  // A comparison with an older date makes the server count more weeks; the chart and the table
  // keep to the weeks asked for (the comparison panel has its own).
  const data = useMemo(() => (report.data ? lastWeeks(report.data, view.weeks + 1) : undefined), [report.data, view.weeks]);
  const colors = useMemo(() => featureColors(data?.features ?? []), [data]);
  const overridden = Object.values(view.override).some(Boolean);
  const canExplore = hasRole(role, 'developer');

  return (
    <div>
      <PageHeader title="Feature adoption" description={data ? `Uses and unique users of each feature, per week (Monday to Sunday, ${data.settings.timeZone}).` : 'Uses and unique users of each feature, per week.'}>
        <label className="flex items-center gap-2 text-sm text-slate-600">
          Weeks
          <Select aria-label="Weeks shown" value={view.weeks} onChange={(e) => update({ weeks: Number(e.target.value) })} className="w-24">
            {[...new Set([4, 8, 12, 26, view.weeks])].sort((a, b) => a - b).map((w) => <option key={w} value={w}>{w}</option>)}
          </Select>
        </label>
      </PageHeader>
      <div className="mx-auto max-w-7xl space-y-4 px-6 py-5">
        {data && (
          <DefinitionBar
            settings={data.settings}
            overridden={overridden}
            canTry={canExplore}
            canSave={role === 'admin'}
            onTry={(s) => update({ override: s })}
            onReset={() => update({ override: { eventFilter: undefined, featureField: undefined, userField: undefined } })}
          />
        )}
        <ErrorNote error={report.error} />
        {report.error && overridden && (
          <button type="button" className="text-sm text-indigo-700 underline" onClick={() => update({ override: { eventFilter: undefined, featureField: undefined, userField: undefined } })}>
            Use the team’s definition of a feature use
          </button>
        )}
        {!data && report.isPending && (
          <div className="h-80 rounded-lg border border-slate-200 bg-white"><ChartLoading label="Counting feature uses per week…" /></div>
        )}
        {data && (
          <>
            <Highlights features={data.features} latestLabel={data.weeks.findLast((w) => w.complete)?.label ?? ''} totals={data.totals} weeks={data.weeks.map((w) => w.complete)} baselineWeeks={data.settings.baselineWeeks} />
            <UsageChart report={data} metric={view.metric} onMetric={(metric) => update({ metric })} feature={view.feature} onClearFeature={() => update({ feature: null })} colors={colors} canExplore={canExplore} />
            <FeatureTable report={data} colors={colors} selected={view.feature} onSelect={(feature) => update({ feature })} canExplore={canExplore} />
            <ComparePanel comparison={report.data?.comparison ?? null} at={view.compareAt} before={view.before} markers={markers} timeZone={data.settings.timeZone} highlight={view.feature} onChange={(p) => update(p)} />
            <MarkersPanel markers={markers} timeZone={data.settings.timeZone} canEdit={role === 'admin'} onCompare={(at) => update({ compareAt: at })} />
            <p className="text-xs text-slate-500" data-testid="usage-facts">
              {data.statistics.queries} weekly queries · {n(data.statistics.recordsScanned)} events scanned · {data.statistics.elapsedMs.toLocaleString('en-US')} ms
              {report.isFetching && ' · refreshing…'}
            </p>
          </>
        )}
      </div>
    </div>
  );
}

/** The report cut to its latest `count` weeks, every per-week series with it. */
function lastWeeks(r: AdoptionReport, count: number): AdoptionReport {
  const from = Math.max(0, r.weeks.length - count);
  if (from === 0) return r;
  return { ...r, weeks: r.weeks.slice(from), totals: r.totals.slice(from), features: r.features.map((f) => ({ ...f, weekly: f.weekly.slice(from) })) };
}

/** Three facts a PM reads first: the biggest grower, all uses last week, and how many features are in use. */
function Highlights({ features, latestLabel, totals, weeks, baselineWeeks }: { features: FeatureAdoption[]; latestLabel: string; totals: number[]; weeks: boolean[]; baselineWeeks: number }) {
  const latest = weeks.lastIndexOf(true);
  const top = features.find((f) => f.usesChange.vsBaseline.kind === 'up' || f.usesChange.vsBaseline.kind === 'new');
  const used = features.filter((f) => f.latest.uses > 0).length;
  const card = 'rounded-lg border border-slate-200 bg-white px-4 py-3';
  return (
    <div className="grid gap-4 md:grid-cols-3">
      <div className={card} data-testid="top-grower">
        <div className="text-xs font-medium text-slate-500">Grew most, week of {latestLabel}</div>
        {top ? (
          <>
            <div className="mt-1 truncate text-lg font-semibold text-slate-900">{top.feature}</div>
            <div className="flex items-center gap-2 text-sm text-slate-600">
              {n(top.latest.uses)} uses <ChangeBadge change={top.usesChange.vsBaseline} /> <span className="text-xs text-slate-500">vs its {baselineWeeks}-week average</span>
            </div>
          </>
        ) : (
          <div className="mt-1 text-sm text-slate-500">No feature grew against its average.</div>
        )}
      </div>
      <div className={card}>
        <div className="text-xs font-medium text-slate-500">All feature uses, week of {latestLabel}</div>
        <div className="mt-1 text-lg font-semibold text-slate-900 tabular-nums">{n(totals[latest] ?? 0)}</div>
        {latest > 0 && (
          <div className="flex items-center gap-2 text-sm text-slate-600">
            <ChangeBadge change={change(totals[latest], totals[latest - 1])} /> <span className="text-xs text-slate-500">vs {n(totals[latest - 1])} the week before</span>
          </div>
        )}
      </div>
      <div className={card}>
        <div className="text-xs font-medium text-slate-500">Features in use, week of {latestLabel}</div>
        <div className="mt-1 text-lg font-semibold text-slate-900 tabular-nums">{used}</div>
        <div className="text-sm text-slate-600">of {features.length} seen in these weeks</div>
      </div>
    </div>
  );
}

