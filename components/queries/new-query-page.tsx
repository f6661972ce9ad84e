'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { PageHeader } from '../ui/primitives';
import { QueryForm } from './query-form';
import { useCreateSavedQuery } from './use-saved-queries';

/** Save a new query; Explore links here with `?q=` to save what is on screen. */
export function NewQueryPage({ isAdmin }: { isAdmin: boolean }) {
  const router = useRouter();
  const create = useCreateSavedQuery();
  const ql = useSearchParams().get('q') ?? '';
  return (
    <div>
      <PageHeader title="New saved query" description={isAdmin ? 'Share it with the team, and mark it official to lock it.' : 'It is private to you; admins can share queries with the team.'} />
      <div className="mx-auto max-w-4xl px-6 py-6">
        <div className="rounded-lg border border-slate-200 bg-white p-4">
          <QueryForm
            initial={{ name: '', description: '', folder: '', tags: [], ql, visibility: 'private', official: false }}
            isAdmin={isAdmin}
            submitLabel="Save query"
            onCancel={() => router.push('/queries')}
            onSubmit={async (values) => {
              const q = await create.mutateAsync(values);
              router.push(`/queries/${q.id}`);
            }}
          />
        </div>
      </div>
    </div>
  );
}
