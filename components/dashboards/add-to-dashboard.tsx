'use client';

import Link from 'next/link';
import { useState } from 'react';
import { VISUALIZATION_LABELS, VISUALIZATIONS, type Visualization } from '@/lib/dashboards/model';
import { suggestVisualization } from '@/lib/dashboards/suggest';
import type { Query } from '@/lib/query';
import { Button, ErrorNote, Input, Select } from '../ui/primitives';
import { useAddPanel, useCreateDashboard, useDashboards } from './use-dashboards';

const NEW = '__new__';

/**
 * Explore's "Add to dashboard": the query on screen becomes a panel (saved as your private query
 * in the Dashboards folder). One click opens it with sensible defaults; one more adds it.
 */
export function AddToDashboard({ ql, query, title }: { ql: string; query: Query | null; title: string }) {
  const [open, setOpen] = useState(false);
  const dashboards = useDashboards();
  const add = useAddPanel();
  const create = useCreateDashboard();
  const [target, setTarget] = useState('');
  const [newName, setNewName] = useState('');
  const [panelTitle, setPanelTitle] = useState('');
  const [viz, setViz] = useState<Visualization>('line');
  const [added, setAdded] = useState<{ id: string; name: string } | null>(null);

  const openDialog = () => {
    setOpen((v) => !v);
    setAdded(null);
    setPanelTitle(title.slice(0, 120));
    setViz(suggestVisualization(query));
  };
  // Until the user picks, the first dashboard (the list may still be loading when the dialog opens).
  const chosen = target || dashboards.data?.[0]?.id || NEW;
  const submit = async () => {
    let dashboardId = chosen;
    if (chosen === NEW) {
      dashboardId = (await create.mutateAsync({ name: newName.trim() || 'My dashboard' })).id;
      // A retry after the panel failed goes to the dashboard just made, not a second new one.
      setTarget(dashboardId);
    }
    const d = await add.mutateAsync({ dashboardId, title: panelTitle.trim() || 'Panel', ql, viz, width: viz === 'number' ? 4 : 6, unit: '' });
    setAdded({ id: d.id, name: d.name });
  };
  const busy = add.isPending || create.isPending || dashboards.isPending;
  return (
    <div className="relative">
      <Button onClick={openDialog} aria-expanded={open} disabled={!query}>Add to dashboard</Button>
      {open && (
        <div role="dialog" aria-label="Add to dashboard" className="absolute right-0 z-30 mt-1 w-96 space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-lg">
          {added ? (
            <p className="text-sm text-slate-700" role="status">
              Added to <Link className="font-medium text-indigo-700 hover:underline" href={`/dashboards/${added.id}`}>{added.name}</Link>.
            </p>
          ) : (
            <>
              <label className="block text-xs font-medium text-slate-700">Dashboard
                <Select value={chosen} onChange={(e) => setTarget(e.target.value)} className="mt-1" aria-label="Dashboard">
                  {dashboards.data?.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
                  <option value={NEW}>New dashboard…</option>
                </Select>
              </label>
              {chosen === NEW && <Input placeholder="New dashboard name" value={newName} onChange={(e) => setNewName(e.target.value)} aria-label="New dashboard name" maxLength={120} />}
              <label className="block text-xs font-medium text-slate-700">Panel title
                <Input value={panelTitle} onChange={(e) => setPanelTitle(e.target.value)} className="mt-1" aria-label="Panel title" maxLength={120} />
              </label>
              <label className="block text-xs font-medium text-slate-700">Visualization
                <Select value={viz} onChange={(e) => setViz(e.target.value as Visualization)} className="mt-1" aria-label="Visualization">
                  {VISUALIZATIONS.map((v) => <option key={v} value={v}>{VISUALIZATION_LABELS[v]}</option>)}
                </Select>
              </label>
              <ErrorNote error={add.error ?? create.error} />
              <div className="flex justify-end gap-2">
                <Button variant="ghost" onClick={() => setOpen(false)}>Cancel</Button>
                <Button variant="primary" disabled={busy} onClick={() => void submit().catch(() => undefined)}>{busy ? 'Adding…' : 'Add panel'}</Button>
              </div>
            </>
          )}
        </div>
      )}
    </div>
  );
}
