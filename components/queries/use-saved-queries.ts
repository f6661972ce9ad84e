'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SavedQuery, SavedQueryInput, SavedQueryVersion } from '@/server/meta/saved-queries';
import { api } from '../api/client';

export function useSavedQueries(search: string) {
  return useQuery({
    queryKey: ['saved-queries', search],
    queryFn: () => api<{ queries: SavedQuery[] }>(`/api/saved-queries?${new URLSearchParams(search ? { search } : {})}`).then((r) => r.queries),
  });
}

export function useSavedQuery(id: string) {
  return useQuery({ queryKey: ['saved-query', id], queryFn: () => api<{ query: SavedQuery }>(`/api/saved-queries/${encodeURIComponent(id)}`).then((r) => r.query) });
}

export function useVersions(id: string) {
  return useQuery({
    queryKey: ['saved-query', id, 'versions'],
    queryFn: () => api<{ versions: SavedQueryVersion[] }>(`/api/saved-queries/${encodeURIComponent(id)}/versions`).then((r) => r.versions),
  });
}

function useInvalidate(id?: string) {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: ['saved-queries'] });
    if (id) void client.invalidateQueries({ queryKey: ['saved-query', id] });
  };
}

export function useCreateSavedQuery() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: SavedQueryInput) => api<{ query: SavedQuery }>('/api/saved-queries', { method: 'POST', body: input }).then((r) => r.query),
    onSuccess: invalidate,
  });
}

export function useUpdateSavedQuery(id: string) {
  const invalidate = useInvalidate(id);
  return useMutation({
    mutationFn: (input: SavedQueryInput & { baseVersion: number }) => api<{ query: SavedQuery }>(`/api/saved-queries/${encodeURIComponent(id)}`, { method: 'PUT', body: input }).then((r) => r.query),
    onSuccess: invalidate,
  });
}

export function useRestoreVersion(id: string) {
  const invalidate = useInvalidate(id);
  return useMutation({
    mutationFn: (v: { version: number; baseVersion: number }) => api<{ query: SavedQuery }>(`/api/saved-queries/${encodeURIComponent(id)}/restore`, { method: 'POST', body: v }).then((r) => r.query),
    onSuccess: invalidate,
  });
}

export function useDeleteSavedQuery(id: string) {
  const invalidate = useInvalidate(id);
  return useMutation({ mutationFn: () => api(`/api/saved-queries/${encodeURIComponent(id)}`, { method: 'DELETE' }), onSuccess: invalidate });
}
