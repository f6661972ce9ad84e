'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button, ErrorNote, formatTime, Input, PageHeader } from '../ui/primitives';
import { useCreateDashboard, useDashboards } from './use-dashboards';

/** Every dashboard of the team; developers and admins start new ones. */
export function DashboardList({ canCreate }: { canCreate: boolean }) {
  const list = useDashboards();
  const create = useCreateDashboard();
  const router = useRouter();
  const [name, setName] = useState('');
  return (
    <div>
      <PageHeader title="Dashboards" description="Saved queries drawn as charts, for everyone on the team.">
        {canCreate && (
          <form className="flex gap-2" onSubmit={(e) => { e.preventDefault(); if (name.trim()) create.mutate({ name: name.trim() }, { onSuccess: (d) => router.push(`/dashboards/${d.id}`) }); }}>
            <Input placeholder="New dashboard name" value={name} onChange={(e) => setName(e.target.value)} aria-label="New dashboard name" className="w-60" maxLength={120} />
            <Button type="submit" variant="primary" disabled={!name.trim() || create.isPending}>Create</Button>
          </form>
        )}
      </PageHeader>
      <div className="mx-auto max-w-5xl space-y-3 px-6 py-6">
        <ErrorNote error={list.error ?? create.error} />
        {list.isPending && <p className="text-sm text-slate-500">Loading dashboards…</p>}
        {list.data?.length === 0 && <p className="rounded border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">No dashboards yet.{canCreate ? ' Create one above, or use “Add to dashboard” in Explore.' : ' Ask a developer to make one.'}</p>}
        <ul className="grid gap-3 md:grid-cols-2">
          {list.data?.map((d) => (
            <li key={d.id}>
              <Link href={`/dashboards/${d.id}`} className="block h-full rounded-lg border border-slate-200 bg-white p-4 hover:border-indigo-300 hover:shadow-sm" data-testid="dashboard-card">
                <div className="font-medium text-slate-900">{d.name}</div>
                {d.description && <p className="mt-1 text-sm text-slate-600">{d.description}</p>}
                <p className="mt-2 text-xs text-slate-500">{d.panels} panel{d.panels === 1 ? '' : 's'} · {d.ownerEmail} · updated {formatTime(d.updatedAt)}</p>
              </Link>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
