'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DashboardInput, Panel } from '@/lib/dashboards/model';
import { relativeMs } from '@/lib/time/range';
import type { Dashboard, DashboardSummary } from '@/server/meta/dashboards';
import { api } from '../api/client';
import type { QueryResponse } from '../explore/use-explore-data';

export interface PanelRun extends QueryResponse {
  ql: string;
  queryName: string;
  previous: QueryResponse | null;
  /** The range it ran over (epoch ms, inclusive), for opening it in Explore. */
  range: { start: number; end: number };
}

export function useDashboards() {
  return useQuery({ queryKey: ['dashboards'], queryFn: () => api<{ dashboards: DashboardSummary[] }>('/api/dashboards').then((r) => r.dashboards) });
}

export function useDashboard(id: string, initial?: Dashboard) {
  return useQuery({ queryKey: ['dashboard', id], queryFn: () => api<{ dashboard: Dashboard }>(`/api/dashboards/${encodeURIComponent(id)}`).then((r) => r.dashboard), initialData: initial, staleTime: initial ? 30_000 : 0 });
}

/**
 * One panel's result. Every panel fetches on its own (so they load in parallel and a slow one
 * holds nobody up), cached per panel, query version and range; `tick` moves on refresh.
 */
export function usePanelRun(dashboardId: string, panel: Panel, queryVersion: number | undefined, range: string, tick: number, refreshSeconds: number) {
  return useQuery({
    queryKey: ['panel-run', dashboardId, panel.id, panel.queryId, panel.viz, queryVersion, range, tick],
    queryFn: ({ signal }) => {
      const end = Date.now();
      const body = { start: end - (relativeMs(range) ?? 7 * 86_400_000), end };
      return api<PanelRun>(`/api/dashboards/${encodeURIComponent(dashboardId)}/panels/${encodeURIComponent(panel.id)}/run`, { method: 'POST', body, signal });
    },
    enabled: queryVersion !== undefined,
    staleTime: refreshSeconds > 0 ? refreshSeconds * 1000 : 5 * 60_000,
    refetchInterval: refreshSeconds > 0 ? refreshSeconds * 1000 : false,
    retry: false,
  });
}

export function useCreateDashboard() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: DashboardInput) => api<{ dashboard: Dashboard }>('/api/dashboards', { method: 'POST', body: input }).then((r) => r.dashboard),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['dashboards'] }),
  });
}

export function useSaveDashboard(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: DashboardInput & { baseVersion: number }) => api<{ dashboard: Dashboard }>(`/api/dashboards/${encodeURIComponent(id)}`, { method: 'PUT', body: input }).then((r) => r.dashboard),
    onSuccess: (d) => {
      client.setQueryData(['dashboard', id], d);
      void client.invalidateQueries({ queryKey: ['dashboards'] });
    },
  });
}

export function useDeleteDashboard(id: string) {
  const client = useQueryClient();
  return useMutation({ mutationFn: () => api(`/api/dashboards/${encodeURIComponent(id)}`, { method: 'DELETE' }), onSuccess: () => void client.invalidateQueries({ queryKey: ['dashboards'] }) });
}

export function useAddPanel() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ dashboardId, ...panel }: { dashboardId: string; title: string; ql: string; viz: Panel['viz']; width: Panel['width']; unit: string }) =>
      api<{ dashboard: Dashboard }>(`/api/dashboards/${encodeURIComponent(dashboardId)}/panels`, { method: 'POST', body: panel }).then((r) => r.dashboard),
    onSuccess: (d) => {
      client.setQueryData(['dashboard', d.id], d);
      void client.invalidateQueries({ queryKey: ['dashboards'] });
    },
  });
}
