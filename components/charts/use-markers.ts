'use client';

import { useQuery } from '@tanstack/react-query';
import type { ReleaseMarker } from '@/server/meta/release-markers';
import { api } from '../api/client';

/** Release markers, drawn on every time chart; they change rarely, so one fetch serves the page. */
export function useReleaseMarkers(): ReleaseMarker[] {
  const q = useQuery({ queryKey: ['release-markers'], queryFn: () => api<{ markers: ReleaseMarker[] }>('/api/release-markers').then((r) => r.markers), staleTime: 5 * 60_000 });
  return q.data ?? [];
}
