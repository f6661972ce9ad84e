'use client';

import { useState } from 'react';
import { lineDiff } from '@/lib/text/line-diff';
import type { SavedQuery } from '@/server/meta/saved-queries';
import { Button, ErrorNote, formatTime } from '../ui/primitives';
import { useRestoreVersion, useVersions } from './use-saved-queries';

/** Every saved version with its author; compare any with the current text, restore when allowed. */
export function VersionsPanel({ query }: { query: SavedQuery }) {
  const { data: versions, error } = useVersions(query.id);
  const restore = useRestoreVersion(query.id);
  const [open, setOpen] = useState<number | null>(null);

  return (
    <section aria-label="Versions" className="rounded-lg border border-slate-200 bg-white">
      <h2 className="border-b border-slate-200 px-4 py-2 text-sm font-semibold text-slate-900">History</h2>
      <ErrorNote error={error ?? restore.error} />
      <ol className="divide-y divide-slate-100">
        {versions?.map((v) => (
          <li key={v.version} className="px-4 py-2 text-sm" data-testid="version">
            <div className="flex items-center gap-3">
              <span className="font-mono text-xs text-slate-500">v{v.version}</span>
              <span className="flex-1 text-slate-700">
                {v.note} by {v.authorEmail} · {formatTime(v.createdAt)}
              </span>
              {v.version !== query.version && (
                <Button variant="ghost" onClick={() => setOpen(open === v.version ? null : v.version)} aria-expanded={open === v.version}>
                  {open === v.version ? 'Hide changes' : 'Compare'}
                </Button>
              )}
              {query.canEdit && v.version !== query.version && (
                <Button onClick={() => restore.mutate({ version: v.version, baseVersion: query.version })} disabled={restore.isPending}>
                  Restore
                </Button>
              )}
              {v.version === query.version && <span className="text-xs text-slate-500">current</span>}
            </div>
            {open === v.version && (
              <pre className="mt-2 overflow-x-auto rounded border border-slate-200 bg-slate-50 p-2 font-mono text-xs" aria-label={`Changes from v${v.version} to the current version`}>
                {lineDiff(v.ql, query.ql).map((l, i) => (
                  <div key={i} className={l.kind === 'added' ? 'bg-emerald-50 text-emerald-800' : l.kind === 'removed' ? 'bg-red-50 text-red-800' : 'text-slate-600'}>
                    {l.kind === 'added' ? '+ ' : l.kind === 'removed' ? '- ' : '  '}
                    {l.text}
                  </div>
                ))}
              </pre>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
