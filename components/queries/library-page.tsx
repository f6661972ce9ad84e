'use client';

import Link from 'next/link';
import { useDeferredValue, useState } from 'react';
import type { SavedQuery } from '@/server/meta/saved-queries';
import { Badge, ErrorNote, formatTime, Input, LockIcon, PageHeader } from '../ui/primitives';
import { useSavedQueries } from './use-saved-queries';

/** The team's query library: official and team queries first, then the caller's private ones. */
export function LibraryPage({ canCreate }: { canCreate: boolean }) {
  const [search, setSearch] = useState('');
  const deferred = useDeferredValue(search);
  const { data, error, isPending } = useSavedQueries(deferred);
  const folders = groupByFolder(data ?? []);

  return (
    <div>
      <PageHeader title="Query library" description="Questions the team asks of its logs, curated by admins. Open one to run it over any time range.">
        <Input type="search" placeholder="Search name, tag, text…" value={search} onChange={(e) => setSearch(e.target.value)} aria-label="Search queries" className="w-64" />
        {canCreate && (
          <Link href="/queries/new" className="rounded bg-indigo-600 px-3 py-1.5 text-sm font-medium whitespace-nowrap text-white hover:bg-indigo-700">
            New query
          </Link>
        )}
      </PageHeader>
      <div className="mx-auto max-w-5xl space-y-6 px-6 py-6">
        <ErrorNote error={error} />
        {isPending && <p className="text-sm text-slate-500">Loading queries…</p>}
        {data?.length === 0 && (
          <p className="rounded border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">
            {deferred ? `No query matches “${deferred}”.` : 'No saved queries yet.'} {canCreate ? 'Save one from Explore or create one here.' : 'Ask an admin to share some.'}
          </p>
        )}
        {folders.map(([folder, queries]) => (
          <section key={folder} aria-label={folder || 'No folder'}>
            <h2 className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">{folder || 'No folder'}</h2>
            <ul className="divide-y divide-slate-100 overflow-hidden rounded-lg border border-slate-200 bg-white">
              {queries.map((q) => (
                <QueryRow key={q.id} q={q} />
              ))}
            </ul>
          </section>
        ))}
      </div>
    </div>
  );
}

function QueryRow({ q }: { q: SavedQuery }) {
  return (
    <li className="flex items-start gap-4 px-4 py-3 hover:bg-slate-50" data-testid="saved-query">
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-2">
          <Link href={`/queries/${q.id}`} className="font-medium text-slate-900 hover:text-indigo-700 hover:underline">
            {q.name}
          </Link>
          {q.official && <Badge tone="indigo"><LockIcon /> Official</Badge>}
          <Badge tone={q.visibility === 'team' ? 'green' : 'amber'}>{q.visibility === 'team' ? 'Team' : 'Private'}</Badge>
          {q.tags.map((t) => (
            <Badge key={t}>#{t}</Badge>
          ))}
        </div>
        {q.description && <p className="mt-0.5 text-sm text-slate-600">{q.description}</p>}
        <p className="mt-1 truncate font-mono text-xs text-slate-500">{q.ql.split('\n').join(' ')}</p>
      </div>
      <div className="shrink-0 text-right text-xs text-slate-500">
        <div>{q.ownerEmail}</div>
        <div>
          v{q.version} · {formatTime(q.updatedAt)}
        </div>
      </div>
    </li>
  );
}

function groupByFolder(queries: SavedQuery[]): [string, SavedQuery[]][] {
  const map = new Map<string, SavedQuery[]>();
  for (const q of queries) map.set(q.folder, [...(map.get(q.folder) ?? []), q]);
  return [...map].sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)));
}
