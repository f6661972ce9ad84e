'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RuleInput } from '@/lib/alerts/rules';
import type { DeliveryView, EngineStatus, GroupView, RuleView, StormView } from '@/server/alerts/types';
import type { StormTotals } from '@/server/ingest/storm-guard';
import { api } from '../api/client';

const live = { refetchInterval: 5000 } as const;

export function useRules() {
  return useQuery({ queryKey: ['alerts'], queryFn: () => api<{ rules: RuleView[]; status: EngineStatus; storms: StormTotals }>('/api/alerts'), ...live });
}

export function useRule(id: string) {
  return useQuery({ queryKey: ['alerts', id], queryFn: () => api<{ rule: RuleView; groups: GroupView[] }>(`/api/alerts/${encodeURIComponent(id)}`), ...live });
}

export function useDeliveries(ruleId?: string) {
  const q = new URLSearchParams(ruleId ? { rule: ruleId, limit: '50' } : { limit: '300' });
  return useQuery({ queryKey: ['alerts', 'deliveries', ruleId ?? 'all'], queryFn: () => api<{ deliveries: DeliveryView[] }>(`/api/alerts/deliveries?${q}`).then((r) => r.deliveries), ...live });
}

export function useStorms() {
  return useQuery({
    queryKey: ['alerts', 'storms'],
    queryFn: () => api<{ storms: StormView[]; totals: StormTotals; settings: { threshold: number; perSource: Record<string, number>; keepPerSecond: number } }>('/api/alerts/storms'),
    ...live,
  });
}

function useInvalidate() {
  const client = useQueryClient();
  return () => void client.invalidateQueries({ queryKey: ['alerts'] });
}

export function useSaveRule(id?: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: RuleInput) => api<{ rule: RuleView }>(id ? `/api/alerts/${encodeURIComponent(id)}` : '/api/alerts', { method: id ? 'PUT' : 'POST', body: input }).then((r) => r.rule),
    onSuccess: invalidate,
  });
}

export function useDeleteRule() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (id: string) => api(`/api/alerts/${encodeURIComponent(id)}`, { method: 'DELETE' }), onSuccess: invalidate });
}

export function useSnooze(id: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: { until: number | null; group?: string }) => api(`/api/alerts/${encodeURIComponent(id)}/snooze`, { method: 'POST', body: input }),
    onSuccess: invalidate,
  });
}

export function useEvaluate(id: string) {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: () => api(`/api/alerts/${encodeURIComponent(id)}/evaluate`, { method: 'POST' }), onSuccess: invalidate });
}

export interface TestOutcome {
  ok: boolean;
  attempts: number;
  httpStatus: number | null;
  error: string | null;
}

export function useTestWebhook() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: { webhookUrl?: string; ruleId?: string; ruleName?: string }) => api<{ delivery: TestOutcome }>('/api/alerts/test', { method: 'POST', body: input }).then((r) => r.delivery),
    onSettled: invalidate,
  });
}
