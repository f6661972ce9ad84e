'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client';
import { Badge, Button, Input } from '../ui/primitives';

export interface PickedGroup {
  name: string;
  arn: string;
}

interface Listing {
  mode: 'local' | 'aws';
  groups: Array<PickedGroup & { storedBytes?: number; retentionInDays?: number }>;
  nextToken?: string;
}

/** StartLiveTail's limit per session (aws-limits.md §3). */
export const MAX_PICKED_GROUPS = 10;

/** Whether the console runs in AWS mode, where CloudWatch log groups can be picked. */
export function useLogGroups(search: string, enabled = true) {
  return useQuery({
    queryKey: ['tail-log-groups', search],
    queryFn: () => api<Listing>(`/api/tail/log-groups?${new URLSearchParams(search ? { search } : {})}`),
    enabled,
    staleTime: 30_000,
  });
}

/**
 * AWS mode: CloudWatch log groups Logline does not ingest (a Lambda's own logs…), tailed with
 * CloudWatch Live Tail through the console. Names are rendered as text.
 */
export function LogGroupPicker({ picked, onChange }: { picked: PickedGroup[]; onChange: (groups: PickedGroup[]) => void }) {
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const listing = useLogGroups(search, open);
  const full = picked.length >= MAX_PICKED_GROUPS;
  const toggle = (g: PickedGroup) => onChange(picked.some((p) => p.arn === g.arn) ? picked.filter((p) => p.arn !== g.arn) : full ? picked : [...picked, { name: g.name, arn: g.arn }]);

  return (
    <div className="relative flex flex-wrap items-center gap-2 border-b border-slate-200 bg-white px-4 py-1.5 text-xs text-slate-600" role="group" aria-label="CloudWatch log groups">
      <span>CloudWatch log groups</span>
      {picked.map((g) => (
        <span key={g.arn} className="inline-flex items-center gap-1 rounded-full border border-sky-600 bg-sky-50 px-2 py-0.5 font-mono text-sky-900">
          {g.name}
          <button type="button" aria-label={`Remove ${g.name}`} onClick={() => toggle(g)} className="text-sky-700 hover:text-sky-950">×</button>
        </span>
      ))}
      <Button variant="ghost" className="px-2 py-0.5 text-xs" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        {picked.length === 0 ? 'Add log groups…' : 'Change…'}
      </Button>
      <span className="text-slate-500">
        {picked.length}/{MAX_PICKED_GROUPS} · CloudWatch Live Tail: billed per minute by AWS while this page tails, stopped when you stop or leave
      </span>
      {open && (
        <div className="absolute top-full left-4 z-20 mt-1 w-[34rem] rounded border border-slate-200 bg-white p-3 shadow-lg" role="dialog" aria-label="Pick CloudWatch log groups">
          <Input aria-label="Search log groups" placeholder="Search log groups, e.g. /aws/lambda/" value={search} onChange={(e) => setSearch(e.target.value)} autoFocus />
          <p className="mt-2 text-slate-500">
            At most {MAX_PICKED_GROUPS} groups at once (CloudWatch Live Tail&apos;s limit). Logline&apos;s own sources are picked above, not here.
            {full && <span className="ml-1 font-medium text-amber-800">Remove one to add another.</span>}
          </p>
          <ul className="mt-2 max-h-72 overflow-auto" aria-label="Log groups">
            {listing.isLoading && <li className="py-2 text-slate-500">Loading log groups…</li>}
            {listing.error && <li className="py-2 text-red-700">{(listing.error as Error).message}</li>}
            {listing.data?.groups.length === 0 && <li className="py-2 text-slate-500">No log groups{search ? ` containing “${search}”` : ''} outside Logline&apos;s prefix.</li>}
            {listing.data?.groups.map((g) => {
              const checked = picked.some((p) => p.arn === g.arn);
              return (
                <li key={g.arn}>
                  <label className={`flex items-center gap-2 rounded px-1 py-1 font-mono hover:bg-slate-50 ${!checked && full ? 'opacity-50' : ''}`}>
                    <input type="checkbox" checked={checked} disabled={!checked && full} onChange={() => toggle(g)} />
                    <span className="min-w-0 flex-1 truncate text-slate-800">{g.name}</span>
                    {g.retentionInDays !== undefined && <Badge>{g.retentionInDays} d</Badge>}
                  </label>
                </li>
              );
            })}
            {listing.data?.nextToken && <li className="py-1 text-slate-500">More groups exist: narrow the search.</li>}
          </ul>
          <div className="mt-2 flex justify-end">
            <Button variant="primary" onClick={() => setOpen(false)}>Done</Button>
          </div>
        </div>
      )}
    </div>
  );
}
