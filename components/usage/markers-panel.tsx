'use client';

import { useState } from 'react';
import { formatInZone } from '@/lib/time/zone';
import type { ReleaseMarker } from '@/server/meta/release-markers';
import { Button, ErrorNote, Input } from '../ui/primitives';
import { useMarkerMutations } from './use-usage';

/** The team's release markers; admins add and remove them, and they appear on every time chart. */
export function MarkersPanel({ markers, timeZone, canEdit, onCompare }: { markers: readonly ReleaseMarker[]; timeZone: string; canEdit: boolean; onCompare: (at: number) => void }) {
  const { add, remove } = useMarkerMutations();
  const [label, setLabel] = useState('');
  const [when, setWhen] = useState('');
  const at = when ? Date.parse(when) : NaN;
  return (
    <section aria-label="Release markers" className="rounded-lg border border-slate-200 bg-white">
      <div className="border-b border-slate-100 px-4 py-2.5">
        <h2 className="text-sm font-semibold text-slate-900">Release markers</h2>
        <p className="text-xs text-slate-500">Dated labels drawn as dashed lines on every time chart{canEdit ? '' : '; admins add them'}.</p>
      </div>
      <ul className="divide-y divide-slate-100 text-sm">
        {markers.length === 0 && <li className="px-4 py-3 text-slate-500">No markers yet.</li>}
        {[...markers].reverse().map((m) => (
          <li key={m.id} className="flex items-center gap-3 px-4 py-2" data-testid="marker">
            <span aria-hidden className="h-3 w-0.5 bg-violet-600" />
            <span className="font-medium text-slate-900">{m.label}</span>
            <span className="text-xs text-slate-500 tabular-nums">{formatInZone(m.at, timeZone)} {timeZone}</span>
            <span className="ml-auto flex gap-1">
              <Button variant="ghost" className="text-xs" onClick={() => onCompare(m.at)}>Compare before/after</Button>
              {canEdit && <Button variant="ghost" className="text-xs text-red-700" onClick={() => remove.mutate(m.id)} aria-label={`Remove marker ${m.label}`}>Remove</Button>}
            </span>
          </li>
        ))}
      </ul>
      {canEdit && (
        <form className="flex flex-wrap items-center gap-2 border-t border-slate-100 px-4 py-3" onSubmit={(e) => { e.preventDefault(); if (label.trim() && Number.isFinite(at)) add.mutate({ at, label: label.trim() }, { onSuccess: () => { setLabel(''); setWhen(''); } }); }}>
          <Input aria-label="Marker label" placeholder="Label, e.g. app 4.13 released" value={label} onChange={(e) => setLabel(e.target.value)} className="w-72" maxLength={80} />
          <Input aria-label="Marker time" type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} className="w-56" />
          <span className="text-xs text-slate-500">your browser’s time</span>
          <Button type="submit" variant="primary" disabled={!label.trim() || !Number.isFinite(at) || add.isPending}>Add marker</Button>
          <ErrorNote error={add.error ?? remove.error} />
        </form>
      )}
    </section>
  );
}
