'use client';

import type { StormView } from '@/server/alerts/types';
import { Badge, DataTable, ErrorNote, formatTime, PageHeader } from '../ui/primitives';
import { useStorms } from './use-alerts';

/** Active and past log storms: who flooded what, how hard, and what the guard kept. */
export function StormsPage() {
  const { data, error, isPending } = useStorms();
  const storms = data?.storms ?? [];
  const settings = data?.settings;
  const perSource = settings ? Object.entries(settings.perSource) : [];
  return (
    <div>
      <PageHeader
        title="Log storms"
        description="When one source + fingerprint sends more events a second than its threshold, the storm guard keeps 1 in N of them; each kept event records in logline.represents how many it stands for, so stats sum(coalesce(logline.represents, 1)) gives the true count. Other fingerprints are never touched."
      />
      <div className="mx-auto max-w-6xl space-y-4 px-6 py-6">
        <ErrorNote error={error} />
        {data && settings && (
          <div className="grid gap-3 sm:grid-cols-4" aria-label="Storm guard">
            <Stat label="Threshold" value={settings.threshold === 0 ? 'off' : `${settings.threshold.toLocaleString('en-US')}/s`} hint={perSource.length ? perSource.map(([s, t]) => `${s}: ${t === 0 ? 'off' : `${t}/s`}`).join(', ') : 'every source'} />
            <Stat label="A storm keeps about" value={`${settings.keepPerSecond}/s`} hint="plus one event per request" />
            <Stat label="Storms since start" value={data.totals.storms.toLocaleString('en-US')} hint={`${storms.filter((s) => s.endedAt === null).length} active now`} />
            <Stat label="Sampled out since start" value={data.totals.sampledOut.toLocaleString('en-US')} hint={`${data.totals.keptForStorms.toLocaleString('en-US')} kept for storms`} />
          </div>
        )}
        {isPending && <p className="text-sm text-slate-500">Loading…</p>}
        {data && storms.length === 0 && <p className="rounded border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">No storm so far. Events sent by the demo generator skip the guard, so the demo's old storm is found with a query, not here.</p>}
        {storms.length > 0 && (
          <DataTable headers={['', 'Source · message', 'Client', 'Peak', 'Stored / sampled out', 'Started', 'Ended', '']}>
            {storms.map((s) => (
              <StormRow key={s.id} storm={s} />
            ))}
          </DataTable>
        )}
      </div>
    </div>
  );
}

function Stat({ label, value, hint }: { label: string; value: string; hint: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-4 py-3">
      <div className="text-xs font-medium text-slate-500">{label}</div>
      <div className="text-xl font-semibold text-slate-900 tabular-nums">{value}</div>
      <div className="truncate text-xs text-slate-500" title={hint}>{hint}</div>
    </div>
  );
}

function StormRow({ storm: s }: { storm: StormView }) {
  const active = s.endedAt === null;
  return (
    <tr data-testid="storm" className="align-top">
      <td className="px-3 py-2 whitespace-nowrap">{active ? <Badge tone="red">Active · 1 in {s.sampleEvery.toLocaleString('en-US')}</Badge> : <Badge>Ended</Badge>}</td>
      <td className="max-w-md px-3 py-2">
        <div className="font-medium break-words text-slate-900">{s.title}</div>
        <div className="text-xs text-slate-500">
          {s.source} · {s.level || 'no level'} · <span className="font-mono">{s.fingerprint}</span>
        </div>
      </td>
      <td className="px-3 py-2 text-sm">{s.client ? <><span className="text-slate-500">{s.client.field}</span> <span className="font-mono">{s.client.value}</span> <span className="text-xs text-slate-500">({Math.round(s.client.share * 100)} %)</span></> : 'many'}</td>
      <td className="px-3 py-2 tabular-nums whitespace-nowrap">{s.peakRate.toLocaleString('en-US')}/s{active && s.rate > 0 ? <div className="text-xs text-slate-500">now {s.rate.toLocaleString('en-US')}/s</div> : null}</td>
      <td className="px-3 py-2 tabular-nums whitespace-nowrap">{s.kept.toLocaleString('en-US')} / {s.dropped.toLocaleString('en-US')}</td>
      <td className="px-3 py-2 whitespace-nowrap text-slate-600">{formatTime(s.startedAt)}</td>
      <td className="px-3 py-2 whitespace-nowrap text-slate-600">{active ? '—' : formatTime(s.endedAt)}</td>
      <td className="px-3 py-2 text-right">
        <a href={new URL(s.exploreUrl).pathname + new URL(s.exploreUrl).search} className="text-sm whitespace-nowrap text-indigo-700 hover:underline">
          Kept sample
        </a>
      </td>
    </tr>
  );
}
