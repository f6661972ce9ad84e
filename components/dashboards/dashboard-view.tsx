'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { movePanel, REFRESH_SECONDS, resizePanel, type DashboardData, type Panel } from '@/lib/dashboards/model';
import { describeRange, PRESETS } from '@/lib/time/range';
import type { Dashboard } from '@/server/meta/dashboards';
import { Button, ErrorNote, Input, PageHeader, Select } from '../ui/primitives';
import { PanelCard } from './panel-card';
import { PanelEditor } from './panel-editor';
import { useDashboard, useDeleteDashboard, useSaveDashboard } from './use-dashboards';

const REFRESH_LABELS: Record<number, string> = { 0: 'Off', 60: 'Every minute', 300: 'Every 5 minutes', 900: 'Every 15 minutes' };

/** A dashboard: a grid of panels over one range. Editors rearrange, resize, rename and add panels, then save. */
export function DashboardView({ id, initial, canEdit, canExplore }: { id: string; initial?: Dashboard; canEdit: boolean; canExplore: boolean }) {
  const dashboard = useDashboard(id, initial);
  // The draft remembers the version it started from: a background refetch must not move it, or a
  // save would silently overwrite a teammate's change instead of answering 409.
  const [draft, setDraft] = useState<(DashboardData & { baseVersion: number }) | null>(null);
  const [viewRange, setViewRange] = useState<string | null>(null);
  const [viewRefresh, setViewRefresh] = useState<number | null>(null);
  const [tick, setTick] = useState(0);
  const save = useSaveDashboard(id);
  const client = useQueryClient();
  useEffect(() => setViewRange(null), [id]);

  if (dashboard.error) return <div className="p-6"><ErrorNote error={dashboard.error} /></div>;
  const d = dashboard.data;
  if (!d) return <p className="p-6 text-sm text-slate-500">Loading the dashboard…</p>;
  const shown = draft ?? d;
  const range = viewRange ?? shown.range;
  const editing = draft !== null;
  const setPanels = (panels: Panel[]) => draft && setDraft({ ...draft, panels });

  return (
    <div>
      <PageHeader title={editing ? 'Editing dashboard' : d.name} description={editing ? undefined : d.description || undefined}>
        {!editing && (
          <>
            <Select aria-label="Time range" value={range} onChange={(e) => setViewRange(e.target.value)} className="w-40">
              {[...new Set([...PRESETS, d.range])].map((p) => <option key={p} value={p}>{describeRange({ kind: 'relative', last: p })}</option>)}
            </Select>
            <Select aria-label="Auto-refresh" value={viewRefresh ?? d.refreshSeconds} onChange={(e) => setViewRefresh(Number(e.target.value))} className="w-48">
              {REFRESH_SECONDS.map((s) => <option key={s} value={s}>Auto-refresh: {REFRESH_LABELS[s].toLowerCase()}</option>)}
            </Select>
            <Button onClick={() => setTick((t) => t + 1)}>Refresh</Button>
            {canEdit && <Button variant="primary" onClick={() => setDraft(structuredClone({ name: d.name, description: d.description, range: d.range, refreshSeconds: d.refreshSeconds, panels: d.panels, baseVersion: d.version }))}>Edit</Button>}
          </>
        )}
        {editing && (
          <>
            <Button variant="ghost" onClick={() => { setDraft(null); save.reset(); }}>Cancel</Button>
            <Button variant="primary" disabled={save.isPending} onClick={() => save.mutate(draft, { onSuccess: () => setDraft(null) })}>
              {save.isPending ? 'Saving…' : 'Save dashboard'}
            </Button>
          </>
        )}
      </PageHeader>
      <div className="mx-auto max-w-[1600px] space-y-4 px-6 py-5">
        {editing && <DashboardSettings draft={draft} onChange={(next) => setDraft({ ...next, baseVersion: draft.baseVersion })} dashboard={d} onReload={() => { setDraft(null); save.reset(); void client.invalidateQueries({ queryKey: ['dashboard', id] }); }} saveError={save.error} />}
        {shown.panels.length === 0 && (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-600">
            No panels yet. {canEdit ? 'Edit the dashboard to add a saved query, or use “Add to dashboard” in Explore.' : 'An editor can add some.'}
          </p>
        )}
        <div className="grid grid-cols-12 gap-4" data-testid="dashboard-grid">
          {shown.panels.map((p, i) => (
            <PanelCard
              key={p.id}
              dashboardId={id}
              panel={p}
              query={d.panels.some((saved) => saved.id === p.id && saved.queryId === p.queryId) ? (d.queries[p.id] ?? null) : undefined}
              range={range}
              tick={tick}
              refreshSeconds={editing ? 0 : (viewRefresh ?? shown.refreshSeconds)}
              onRename={editing ? (title) => setPanels(shown.panels.map((x) => (x.id === p.id ? { ...x, title } : x))) : undefined}
              canExplore={canExplore}
              editControls={editing ? <PanelControls panel={p} first={i === 0} last={i === shown.panels.length - 1} onChange={(next) => setPanels(shown.panels.map((x) => (x.id === p.id ? next : x)))} onMove={(by) => setPanels(movePanel(shown.panels, p.id, by))} onRemove={() => setPanels(shown.panels.filter((x) => x.id !== p.id))} /> : undefined}
            />
          ))}
        </div>
        {editing && <PanelEditor onAdd={(p) => setPanels([...shown.panels, p])} />}
      </div>
    </div>
  );
}

function DashboardSettings({ draft, onChange, dashboard, onReload, saveError }: { draft: DashboardData; onChange: (d: DashboardData) => void; dashboard: Dashboard; onReload: () => void; saveError: unknown }) {
  const router = useRouter();
  const remove = useDeleteDashboard(dashboard.id);
  const conflict = (saveError as { status?: number } | null)?.status === 409;
  return (
    <section aria-label="Dashboard settings" className="grid gap-3 rounded-lg border border-indigo-200 bg-indigo-50/40 p-4 md:grid-cols-[2fr_3fr_1fr_1fr_auto]">
      <label className="text-xs font-medium text-slate-700">Name<Input value={draft.name} onChange={(e) => onChange({ ...draft, name: e.target.value })} className="mt-1" aria-label="Dashboard name" /></label>
      <label className="text-xs font-medium text-slate-700">Description<Input value={draft.description} onChange={(e) => onChange({ ...draft, description: e.target.value })} className="mt-1" aria-label="Dashboard description" /></label>
      <label className="text-xs font-medium text-slate-700">Range
        <Select value={draft.range} onChange={(e) => onChange({ ...draft, range: e.target.value })} className="mt-1" aria-label="Dashboard range">
          {[...new Set([...PRESETS, draft.range])].map((p) => <option key={p} value={p}>{describeRange({ kind: 'relative', last: p })}</option>)}
        </Select>
      </label>
      <label className="text-xs font-medium text-slate-700">Auto-refresh
        <Select value={draft.refreshSeconds} onChange={(e) => onChange({ ...draft, refreshSeconds: Number(e.target.value) as DashboardData['refreshSeconds'] })} className="mt-1" aria-label="Dashboard auto-refresh">
          {REFRESH_SECONDS.map((s) => <option key={s} value={s}>{REFRESH_LABELS[s]}</option>)}
        </Select>
      </label>
      <div className="flex items-end">
        {dashboard.canDelete && (
          <Button variant="danger" disabled={remove.isPending} onClick={() => window.confirm(`Delete the dashboard “${dashboard.name}”? Its saved queries stay in the library.`) && remove.mutate(undefined, { onSuccess: () => router.push('/dashboards') })}>
            Delete
          </Button>
        )}
      </div>
      {saveError ? (
        <div className="md:col-span-5">
          <ErrorNote error={saveError} />
          {conflict && <Button className="mt-2" onClick={onReload}>Reload the latest version</Button>}
        </div>
      ) : null}
    </section>
  );
}

/** Move, resize and remove a panel while editing (its title is edited in place). */
function PanelControls({ panel, first, last, onChange, onMove, onRemove }: { panel: Panel; first: boolean; last: boolean; onChange: (p: Panel) => void; onMove: (by: number) => void; onRemove: () => void }) {
  const icon = 'rounded px-1.5 py-0.5 text-xs text-slate-600 hover:bg-slate-100 disabled:opacity-30';
  return (
    <span className="flex items-center gap-0.5" data-testid="panel-controls">
      <button type="button" className={icon} disabled={first} onClick={() => onMove(-1)} aria-label={`Move ${panel.title} earlier`}>←</button>
      <button type="button" className={icon} disabled={last} onClick={() => onMove(1)} aria-label={`Move ${panel.title} later`}>→</button>
      <button type="button" className={icon} disabled={panel.width === 3} onClick={() => onChange(resizePanel(panel, -1))} aria-label={`Narrower ${panel.title}`}>−</button>
      <button type="button" className={icon} disabled={panel.width === 12} onClick={() => onChange(resizePanel(panel, 1))} aria-label={`Wider ${panel.title}`}>+</button>
      <select aria-label={`Height of ${panel.title}`} value={panel.height} onChange={(e) => onChange({ ...panel, height: e.target.value as Panel['height'] })} className="rounded border border-slate-200 bg-white px-1 text-xs">
        <option value="s">short</option><option value="m">medium</option><option value="l">tall</option>
      </select>
      <button type="button" className={`${icon} text-red-700`} onClick={onRemove} aria-label={`Remove ${panel.title}`}>Remove</button>
    </span>
  );
}
