'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { ApiKeyInfo } from '@/server/auth/api-keys';
import { api } from '../api/client';
import { Button, ErrorNote, Field, formatTime, Input, PageHeader, SecretOnce } from '../ui/primitives';

/** Your own account: change the password, and personal tokens for the CLI (`logline query --token`). */
export function SettingsPage({ email, role }: { email: string; role: string }) {
  const client = useQueryClient();
  const tokens = useQuery({ queryKey: ['me', 'tokens'], queryFn: () => api<{ tokens: ApiKeyInfo[] }>('/api/me/tokens').then((r) => r.tokens) });
  const createToken = useMutation({
    mutationFn: (name: string) => api<{ secret: string }>('/api/me/tokens', { method: 'POST', body: { name } }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['me'] }),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api(`/api/me/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['me'] }),
  });
  const password = useMutation({ mutationFn: (body: { current: string; password: string }) => api('/api/me/password', { method: 'PATCH', body }) });
  const [secret, setSecret] = useState<string | null>(null);

  async function newToken(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const r = await createToken.mutateAsync(String(new FormData(form).get('name')));
    setSecret(r.secret);
    form.reset();
  }
  async function changePassword(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    await password.mutateAsync({ current: String(data.get('current')), password: String(data.get('password')) });
    form.reset();
  }

  return (
    <div>
      <PageHeader title="Settings" description={`Signed in as ${email} (${role}).`} />
      <div className="mx-auto grid max-w-5xl gap-6 px-6 py-6 lg:grid-cols-2">
        <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" aria-label="Password">
          <h2 className="text-sm font-semibold text-slate-900">Password</h2>
          <form onSubmit={(e) => void changePassword(e).catch(() => undefined)} className="space-y-3">
            <Field label="Current password">
              <Input name="current" type="password" required autoComplete="current-password" />
            </Field>
            <Field label="New password" hint="At least 10 characters.">
              <Input name="password" type="password" required minLength={10} autoComplete="new-password" />
            </Field>
            <ErrorNote error={password.error} />
            {password.isSuccess && <p className="text-sm text-emerald-700">Password changed.</p>}
            <Button type="submit" variant="primary" disabled={password.isPending}>
              Change password
            </Button>
          </form>
        </section>
        <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" aria-label="Personal tokens">
          <h2 className="text-sm font-semibold text-slate-900">Personal tokens</h2>
          <p className="text-sm text-slate-600">A token acts as you, with your role, from the CLI or scripts. Revoke it when a laptop is lost.</p>
          <form onSubmit={(e) => void newToken(e).catch(() => undefined)} className="flex items-end gap-2">
            <Field label="Name">
              <Input name="name" required maxLength={100} placeholder="e.g. work laptop" />
            </Field>
            <Button type="submit" disabled={createToken.isPending}>
              Create token
            </Button>
          </form>
          <ErrorNote error={createToken.error ?? revoke.error ?? tokens.error} />
          {secret && <SecretOnce label="Personal token" secret={secret} onDone={() => setSecret(null)} />}
          <ul className="divide-y divide-slate-100 text-sm">
            {tokens.data?.map((t) => (
              <li key={t.id} className="flex items-center gap-3 py-2">
                <span className="flex-1 font-medium">{t.name}</span>
                <span className="text-xs text-slate-500">used {formatTime(t.lastUsedAt)}</span>
                {t.revokedAt ? (
                  <span className="text-xs text-slate-400">revoked</span>
                ) : (
                  <Button variant="danger" onClick={() => revoke.mutate(t.id)}>
                    Revoke
                  </Button>
                )}
              </li>
            ))}
          </ul>
        </section>
      </div>
    </div>
  );
}
