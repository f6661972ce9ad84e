'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiKey, ApiKeyInfo } from '@/server/auth/api-keys';
import type { AuditEntry } from '@/server/meta/audit';
import type { User } from '@/server/meta/users';
import { api } from '../api/client';

export function useUsers() {
  return useQuery({ queryKey: ['admin', 'users'], queryFn: () => api<{ users: User[] }>('/api/admin/users').then((r) => r.users) });
}

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; name?: string; role: string; password?: string }) => api<{ user: User }>('/api/admin/users', { method: 'POST', body: input }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['admin'] }),
  });
}

export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...patch }: { id: string; role?: string; disabled?: boolean }) => api<{ user: User }>(`/api/admin/users/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['admin'] }),
  });
}

export function useKeys() {
  return useQuery({ queryKey: ['admin', 'keys'], queryFn: () => api<{ keys: ApiKeyInfo[] }>('/api/admin/keys').then((r) => r.keys) });
}

export function useCreateKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; source: string | null }) => api<{ key: ApiKey; secret: string; warning?: string }>('/api/admin/keys', { method: 'POST', body: input }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['admin'] }),
  });
}

export function useRevokeKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<{ ok: true; warning?: string }>(`/api/admin/keys/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['admin'] }),
  });
}

export function useAudit() {
  return useQuery({ queryKey: ['admin', 'audit'], queryFn: () => api<{ entries: AuditEntry[] }>('/api/admin/audit?limit=300').then((r) => r.entries) });
}
