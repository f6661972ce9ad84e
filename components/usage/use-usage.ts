'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { UsageSettings } from '@/lib/usage/settings';
import type { ReleaseMarker } from '@/server/meta/release-markers';
import type { AdoptionReport } from '@/server/usage/adoption';
import { api } from '../api/client';

export interface UsageParams {
  weeks: number;
  compareAt: number | null;
  before: number;
  /** A definition tried on the page instead of the team's (developers). */
  override: Partial<Pick<UsageSettings, 'eventFilter' | 'featureField' | 'userField'>>;
}

export function useUsageReport(p: UsageParams) {
  const search = new URLSearchParams({ weeks: String(p.weeks), before: String(p.before) });
  if (p.compareAt !== null) search.set('compareAt', String(p.compareAt));
  for (const [k, v] of Object.entries(p.override)) if (v) search.set(k, v);
  return useQuery({
    queryKey: ['usage', search.toString()],
    queryFn: ({ signal }) => api<AdoptionReport>(`/api/usage?${search}`, { signal }),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    retry: false,
  });
}

export function useSaveUsageSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (s: UsageSettings) => api<{ settings: UsageSettings }>('/api/usage/settings', { method: 'PUT', body: s }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['usage'] }),
  });
}

export function useMarkerMutations() {
  const client = useQueryClient();
  const done = () => void client.invalidateQueries({ queryKey: ['release-markers'] });
  return {
    add: useMutation({ mutationFn: (m: { at: number; label: string }) => api<{ marker: ReleaseMarker }>('/api/release-markers', { method: 'POST', body: m }), onSuccess: done }),
    remove: useMutation({ mutationFn: (id: string) => api(`/api/release-markers/${encodeURIComponent(id)}`, { method: 'DELETE' }), onSuccess: done }),
  };
}
