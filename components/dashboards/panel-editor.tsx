'use client';

import { useDeferredValue, useState } from 'react';
import { PANEL_WIDTHS, VISUALIZATION_LABELS, VISUALIZATIONS, type Panel } from '@/lib/dashboards/model';
import { suggestVisualization } from '@/lib/dashboards/suggest';
import { parse } from '@/lib/query';
import { describeRange, PRESETS } from '@/lib/time/range';
import type { SavedQuery } from '@/server/meta/saved-queries';
import { useSavedQueries } from '../queries/use-saved-queries';
import { Button, Field, Input, Select } from '../ui/primitives';

const WIDTH_LABELS: Record<Panel['width'], string> = { 3: 'Quarter', 4: 'Third', 6: 'Half', 8: 'Two thirds', 12: 'Full width' };

/** Adds a panel while editing: a saved query from the library, drawn the way it suits. */
export function PanelEditor({ onAdd }: { onAdd: (p: Panel) => void }) {
  const [search, setSearch] = useState('');
  const deferred = useDeferredValue(search);
  const library = useSavedQueries(deferred);
  const [picked, setPicked] = useState<SavedQuery | null>(null);
  const [title, setTitle] = useState('');
  const [viz, setViz] = useState<Panel['viz']>('line');
  const [width, setWidth] = useState<Panel['width']>(6);
  const [unit, setUnit] = useState('');
  const [range, setRange] = useState('');

  const pick = (q: SavedQuery) => {
    setPicked(q);
    setTitle(q.name);
    const r = parse(q.ql);
    setViz(suggestVisualization(r.ok ? r.query : null));
  };
  const add = () => {
    if (!picked || !title.trim()) return;
    // A fresh id, never a removed panel's: results are cached by panel id.
    const id = `p-${crypto.randomUUID().slice(0, 8)}`;
    onAdd({ id, title: title.trim(), queryId: picked.id, viz, width, height: 'm', range: range || null, unit: unit.trim() });
    setPicked(null);
    setTitle('');
  };

  return (
    <section aria-label="Add a panel" className="rounded-lg border border-dashed border-indigo-300 bg-white p-4">
      <h2 className="mb-3 text-sm font-semibold text-slate-900">Add a panel</h2>
      <div className="grid gap-4 md:grid-cols-2">
        <div>
          <Input type="search" placeholder="Search the query library…" value={search} onChange={(e) => setSearch(e.target.value)} aria-label="Search saved queries" />
          <ul className="mt-2 max-h-56 divide-y divide-slate-100 overflow-auto rounded border border-slate-200" aria-label="Saved queries">
            {(library.data ?? []).map((q) => (
              <li key={q.id}>
                <button type="button" onClick={() => pick(q)} aria-pressed={picked?.id === q.id} className={`block w-full px-3 py-1.5 text-left text-sm ${picked?.id === q.id ? 'bg-indigo-50 text-indigo-900' : 'hover:bg-slate-50'}`}>
                  <span className="font-medium">{q.name}</span>
                  <span className="ml-2 text-xs text-slate-500">{q.folder}</span>
                  <span className="block truncate font-mono text-xs text-slate-500">{q.ql.split('\n').join(' ')}</span>
                </button>
              </li>
            ))}
            {library.data?.length === 0 && <li className="px-3 py-2 text-sm text-slate-500">No saved query matches.</li>}
          </ul>
        </div>
        <div className="grid grid-cols-2 gap-3">
          <div className="col-span-2"><Field label="Title"><Input value={title} onChange={(e) => setTitle(e.target.value)} disabled={!picked} aria-label="New panel title" /></Field></div>
          <Field label="Visualization">
            <Select value={viz} onChange={(e) => setViz(e.target.value as Panel['viz'])} disabled={!picked} aria-label="Visualization">
              {VISUALIZATIONS.map((v) => <option key={v} value={v}>{VISUALIZATION_LABELS[v]}</option>)}
            </Select>
          </Field>
          <Field label="Width">
            <Select value={width} onChange={(e) => setWidth(Number(e.target.value) as Panel['width'])} disabled={!picked} aria-label="Width">
              {PANEL_WIDTHS.map((w) => <option key={w} value={w}>{WIDTH_LABELS[w]}</option>)}
            </Select>
          </Field>
          <Field label="Unit" hint="ms, %, req…"><Input value={unit} onChange={(e) => setUnit(e.target.value)} maxLength={16} disabled={!picked} aria-label="Unit" /></Field>
          <Field label="Time range">
            <Select value={range} onChange={(e) => setRange(e.target.value)} disabled={!picked} aria-label="Panel range">
              <option value="">The dashboard’s</option>
              {PRESETS.map((p) => <option key={p} value={p}>{describeRange({ kind: 'relative', last: p })}</option>)}
            </Select>
          </Field>
          <div className="col-span-2 flex justify-end">
            <Button variant="primary" onClick={add} disabled={!picked || !title.trim()}>Add panel</Button>
          </div>
        </div>
      </div>
    </section>
  );
}
