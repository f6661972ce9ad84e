'use client';

import { useState, type FormEvent } from 'react';
import type { SavedQuery, SavedQueryInput } from '@/server/meta/saved-queries';
import { ApiError } from '../api/client';
import { Button, Field, Input, Select, TextArea } from '../ui/primitives';

/** What the form edits: the saved query's own content. */
export type QueryFormValues = Pick<SavedQuery, 'name' | 'description' | 'folder' | 'tags' | 'ql' | 'visibility' | 'official'>;

/** Create or edit a saved query. Team and official options appear for admins only. */
export function QueryForm({ initial, isAdmin, submitLabel, onSubmit, onCancel }: {
  initial: QueryFormValues;
  isAdmin: boolean;
  submitLabel: string;
  onSubmit: (values: SavedQueryInput) => Promise<unknown>;
  onCancel?: () => void;
}) {
  const [values, setValues] = useState(initial);
  const [tags, setTags] = useState(initial.tags.join(', '));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof QueryFormValues>(key: K, value: QueryFormValues[K]) => setValues((v) => ({ ...v, [key]: value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit({ ...values, tags: tags.split(',').map((t) => t.trim()).filter(Boolean) });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const parseError = error instanceof ApiError && typeof error.body.excerpt === 'string' ? error.body.excerpt : null;
  return (
    <form onSubmit={(e) => void submit(e)} className="space-y-4" aria-label="Saved query">
      <div className="grid gap-4 md:grid-cols-2">
        <Field label="Name">
          <Input required maxLength={120} value={values.name} onChange={(e) => set('name', e.target.value)} />
        </Field>
        <Field label="Folder" hint="Queries are grouped by folder in the library.">
          <Input maxLength={100} value={values.folder} onChange={(e) => set('folder', e.target.value)} />
        </Field>
      </div>
      <Field label="Description">
        <Input maxLength={2000} value={values.description} onChange={(e) => set('description', e.target.value)} />
      </Field>
      <Field label="Query (Logs Insights QL)" hint="Up to 10 000 characters. It must parse before it can be saved.">
        <TextArea required rows={6} maxLength={10_000} spellCheck={false} value={values.ql} onChange={(e) => set('ql', e.target.value)} aria-label="Query text" />
      </Field>
      <div className="grid gap-4 md:grid-cols-3">
        <Field label="Tags" hint="Comma-separated.">
          <Input value={tags} onChange={(e) => setTags(e.target.value)} />
        </Field>
        <Field label="Visibility" hint={isAdmin ? undefined : 'Only admins share queries with the team.'}>
          <Select value={values.visibility} disabled={!isAdmin} onChange={(e) => set('visibility', e.target.value === 'team' ? 'team' : 'private')}>
            <option value="private">Private: only me</option>
            <option value="team">Team: everyone</option>
          </Select>
        </Field>
        {isAdmin && (
          <label className="mt-6 flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" checked={values.official} onChange={(e) => set('official', e.target.checked)} className="accent-indigo-600" />
            Official (locked: only admins change it)
          </label>
        )}
      </div>
      {error !== null && (
        <div role="alert" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          <p>{error instanceof Error ? error.message : String(error)}</p>
          {parseError && <pre className="mt-2 overflow-x-auto font-mono text-xs">{parseError}</pre>}
        </div>
      )}
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </Button>
        {onCancel && <Button onClick={onCancel}>Cancel</Button>}
      </div>
    </form>
  );
}
