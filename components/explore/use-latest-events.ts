'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import type { StoredEvent } from '@/server/store/backend';

export interface LatestEventsPage {
  events: StoredEvent[];
  sources: string[];
}

const PAGE_SIZE = 100;

async function fetchLatest(sources: string[], before: number | undefined): Promise<LatestEventsPage> {
  const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
  for (const s of sources) params.append('source', s);
  if (before !== undefined) params.set('before', String(before));
  const res = await fetch(`/api/events?${params}`);
  const body = (await res.json()) as LatestEventsPage & { error?: string };
  if (!res.ok) throw new Error(body.error ?? `the server answered ${res.status}`);
  return body;
}

/** Latest events for the chosen sources, newest first, paged backwards in time. */
export function useLatestEvents(sources: string[], live: boolean) {
  return useInfiniteQuery({
    queryKey: ['latest-events', sources],
    queryFn: ({ pageParam }) => fetchLatest(sources, pageParam),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => (last.events.length < PAGE_SIZE ? undefined : last.events[last.events.length - 1].timestamp),
    refetchInterval: live ? 5_000 : false,
  });
}
