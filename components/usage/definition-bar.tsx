'use client';

import { useState } from 'react';
import { usageSettings, type UsageSettings } from '@/lib/usage/settings';
import { usageFilter } from '@/lib/usage/query';
import { Button, ErrorNote, Field, Input } from '../ui/primitives';
import { useSaveUsageSettings } from './use-usage';

/**
 * What counts as a feature use, said plainly. Developers can try another definition on the page
 * (kept in the URL); admins save it as the team's. Viewers read it.
 */
export function DefinitionBar({ settings, overridden, canTry, canSave, onTry, onReset }: {
  settings: UsageSettings;
  overridden: boolean;
  canTry: boolean;
  canSave: boolean;
  onTry: (s: Pick<UsageSettings, 'eventFilter' | 'featureField' | 'userField'>) => void;
  onReset: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const code = 'rounded bg-slate-100 px-1 py-0.5 font-mono text-[12px] text-slate-800';
  return (
    <section aria-label="Usage definition" className="rounded-lg border border-slate-200 bg-white px-4 py-2.5 text-sm text-slate-600">
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <span>A feature use is an event where</span>
        <code className={code} data-testid="usage-event">{settings.eventFilter}</code>
        <span>; the feature is</span>
        <code className={code}>{settings.featureField}</code>
        <span>, users are told apart by</span>
        <code className={code}>{settings.userField}</code>
        <span>. Weeks start Monday 00:00 {settings.timeZone}.</span>
        {overridden && <span className="rounded bg-amber-50 px-1.5 py-0.5 text-xs font-medium text-amber-800 ring-1 ring-amber-200 ring-inset">Trying a definition that is not the team’s</span>}
        <span className="ml-auto flex gap-2">
          {overridden && <Button variant="ghost" onClick={onReset}>Back to the team’s</Button>}
          {canTry && <Button onClick={() => setEditing((v) => !v)} aria-expanded={editing}>{editing ? 'Close' : 'Change'}</Button>}
        </span>
      </div>
      {editing && <DefinitionForm settings={settings} canSave={canSave} onTry={(s) => { onTry(s); setEditing(false); }} onSaved={() => { onReset(); setEditing(false); }} />}
    </section>
  );
}

function DefinitionForm({ settings, canSave, onTry, onSaved }: { settings: UsageSettings; canSave: boolean; onTry: (s: Pick<UsageSettings, 'eventFilter' | 'featureField' | 'userField'>) => void; onSaved: () => void }) {
  const [draft, setDraft] = useState(settings);
  const save = useSaveUsageSettings();
  const filter = usageFilter(draft.eventFilter);
  const checked = usageSettings.safeParse(draft);
  const problem = !filter.ok ? filter.error : !checked.success ? checked.error.issues[0].message : null;
  const set = (patch: Partial<UsageSettings>) => setDraft({ ...draft, ...patch });
  return (
    <form className="mt-3 grid gap-3 border-t border-slate-100 pt-3 md:grid-cols-6" onSubmit={(e) => { e.preventDefault(); if (!problem) onTry(draft); }}>
      <div className="md:col-span-3">
        <Field label="Usage event (a filter expression)" hint='e.g. event = "feature_used", or @log = "web" and ispresent(feature)'>
          <Input value={draft.eventFilter} onChange={(e) => set({ eventFilter: e.target.value })} className="font-mono" aria-invalid={!filter.ok} />
        </Field>
      </div>
      <Field label="Feature field"><Input value={draft.featureField} onChange={(e) => set({ featureField: e.target.value })} /></Field>
      <Field label="User field"><Input value={draft.userField} onChange={(e) => set({ userField: e.target.value })} /></Field>
      {canSave ? (
        <Field label="Time zone" hint="IANA name">
          <Input value={draft.timeZone} onChange={(e) => set({ timeZone: e.target.value })} list="time-zones" />
        </Field>
      ) : <div />}
      {canSave && (
        <Field label="Baseline weeks" hint="averaged for “vs N-week average”">
          <Input type="number" min={1} max={12} value={draft.baselineWeeks} onChange={(e) => set({ baselineWeeks: Number(e.target.value) || 1 })} className="w-24" />
        </Field>
      )}
      <datalist id="time-zones">
        {(typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC']).map((z) => <option key={z} value={z} />)}
      </datalist>
      <div className="flex flex-wrap items-center gap-2 md:col-span-6">
        {problem && <p role="alert" className="text-sm text-red-700">{problem}</p>}
        <span className="ml-auto flex gap-2">
          <Button type="submit" disabled={!!problem}>Try it here</Button>
          {canSave && (
            <Button variant="primary" disabled={!!problem || save.isPending} onClick={() => checked.success && save.mutate(checked.data, { onSuccess: onSaved })}>
              {save.isPending ? 'Saving…' : 'Save for the team'}
            </Button>
          )}
        </span>
      </div>
      <div className="md:col-span-6"><ErrorNote error={save.error} /></div>
    </form>
  );
}
