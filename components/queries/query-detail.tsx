'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { SavedQuery } from '@/server/meta/saved-queries';
import { Badge, Button, ErrorNote, formatTime, LockIcon, PageHeader } from '../ui/primitives';
import { QueryForm } from './query-form';
import { RunPanel } from './run-panel';
import { useDeleteSavedQuery, useSavedQuery, useUpdateSavedQuery } from './use-saved-queries';
import { VersionsPanel } from './versions-panel';

/** One saved query: read it, share it, open it in Explore, edit it when allowed, and see its history. */
export function QueryDetail({ id, isAdmin, canExplore }: { id: string; isAdmin: boolean; canExplore: boolean }) {
  const { data: q, error, isPending } = useSavedQuery(id);
  const [editing, setEditing] = useState(false);
  const [copied, setCopied] = useState(false);
  const update = useUpdateSavedQuery(id);
  const remove = useDeleteSavedQuery(id);
  const router = useRouter();

  if (isPending) return <p className="p-6 text-sm text-slate-500">Loading…</p>;
  if (!q) return <div className="p-6"><ErrorNote error={error ?? 'This query does not exist.'} /></div>;

  const share = () => {
    void navigator.clipboard?.writeText(window.location.href);
    setCopied(true);
  };

  return (
    <div>
      <PageHeader title={q.name} description={q.description || undefined}>
        <Button onClick={share}>{copied ? 'Link copied' : 'Copy link'}</Button>
        {canExplore && (
          <Link href={`/explore?${new URLSearchParams({ q: q.ql })}`} className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50">
            Open in Explore
          </Link>
        )}
        {q.canEdit && !editing && (
          <Button variant="primary" onClick={() => setEditing(true)}>
            Edit
          </Button>
        )}
        {q.canEdit && (
          <Button
            variant="danger"
            onClick={() => {
              if (window.confirm(`Delete “${q.name}”? Its history stays in the audit log.`)) remove.mutate(undefined, { onSuccess: () => router.push('/queries') });
            }}
          >
            Delete
          </Button>
        )}
      </PageHeader>
      <div className="mx-auto grid max-w-6xl gap-6 px-6 py-6 lg:grid-cols-[1fr_22rem]">
        <div className="space-y-4">
          <ErrorNote error={remove.error} />
          {editing ? (
            <div className="rounded-lg border border-slate-200 bg-white p-4">
              <QueryForm
                initial={q}
                isAdmin={isAdmin}
                submitLabel={`Save version ${q.version + 1}`}
                onCancel={() => setEditing(false)}
                onSubmit={async (values) => {
                  await update.mutateAsync({ ...values, baseVersion: q.version });
                  setEditing(false);
                }}
              />
            </div>
          ) : (
            <pre data-testid="query-text" className="overflow-x-auto rounded-lg border border-slate-200 bg-slate-900 p-4 font-mono text-sm text-slate-100">
              {q.ql}
            </pre>
          )}
          {!editing && <RunPanel id={q.id} ql={q.ql} />}
          {!q.canEdit && (
            <p className="text-sm text-slate-500">
              {q.official ? 'This is an official query: only admins change it.' : 'You can read and run this query, not change it.'}
            </p>
          )}
        </div>
        <aside className="space-y-4">
          <dl className="grid grid-cols-[6rem_1fr] gap-y-1 rounded-lg border border-slate-200 bg-white p-4 text-sm">
            <dt className="text-slate-500">Owner</dt>
            <dd className="truncate">{q.ownerEmail}</dd>
            <dt className="text-slate-500">Visibility</dt>
            <dd>
              <Badge tone={q.visibility === 'team' ? 'green' : 'amber'}>{q.visibility === 'team' ? 'Team' : 'Private'}</Badge> {q.official && <Badge tone="indigo"><LockIcon /> Official</Badge>}
            </dd>
            <dt className="text-slate-500">Folder</dt>
            <dd>{q.folder || '—'}</dd>
            <dt className="text-slate-500">Tags</dt>
            <dd className="flex flex-wrap gap-1">{q.tags.length ? q.tags.map((t) => <Badge key={t}>#{t}</Badge>) : '—'}</dd>
            <dt className="text-slate-500">Version</dt>
            <dd>
              v{q.version}, {formatTime(q.updatedAt)}
            </dd>
          </dl>
          <VersionsPanel query={q} />
        </aside>
      </div>
    </div>
  );
}
