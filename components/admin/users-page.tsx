'use client';

import { useState, type FormEvent } from 'react';
import { ROLES } from '@/lib/auth/roles';
import { Button, DataTable, ErrorNote, Field, formatTime, Input, PageHeader, SecretOnce, Select } from '../ui/primitives';
import { useCreateUser, useUpdateUser, useUsers } from './use-admin';

function onePassword(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return btoa(String.fromCharCode(...bytes)).replace(/[+/=]/g, '').slice(0, 16);
}

/** Users and their roles. New users get a one-time password to hand over (or sign in with SSO). */
export function UsersPage({ currentUserId }: { currentUserId: string }) {
  const users = useUsers();
  const create = useCreateUser();
  const update = useUpdateUser();
  const [created, setCreated] = useState<{ email: string; password: string } | null>(null);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const password = onePassword();
    const email = String(data.get('email'));
    await create.mutateAsync({ email, name: String(data.get('name') || '') || undefined, role: String(data.get('role')), password });
    setCreated({ email, password });
    form.reset();
  }

  return (
    <div>
      <PageHeader title="Users" description="Who can sign in, and what their role lets them do." />
      <div className="mx-auto max-w-5xl space-y-6 px-6 py-6">
        <form onSubmit={(e) => void submit(e).catch(() => undefined)} className="grid items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-[2fr_1.5fr_1fr_auto]" aria-label="Add user">
          <Field label="E-mail">
            <Input name="email" type="email" required />
          </Field>
          <Field label="Name">
            <Input name="name" />
          </Field>
          <Field label="Role">
            <Select name="role" defaultValue="viewer">
              {ROLES.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </Select>
          </Field>
          <Button type="submit" variant="primary" disabled={create.isPending}>
            Add user
          </Button>
        </form>
        <ErrorNote error={create.error ?? update.error ?? users.error} />
        {created && <SecretOnce label={`One-time password for ${created.email}`} secret={created.password} onDone={() => setCreated(null)} />}
        <DataTable headers={['User', 'Role', 'Last sign-in', 'Status']}>
          {users.data?.map((u) => (
            <tr key={u.id} data-testid="user-row">
              <td className="px-3 py-2">
                <div className="font-medium text-slate-900">{u.name}</div>
                <div className="text-xs text-slate-500">{u.email}</div>
              </td>
              <td className="px-3 py-2">
                <Select aria-label={`Role of ${u.email}`} value={u.role} className="w-36" onChange={(e) => update.mutate({ id: u.id, role: e.target.value })}>
                  {ROLES.map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </Select>
              </td>
              <td className="px-3 py-2 text-slate-600">{formatTime(u.lastLoginAt)}</td>
              <td className="px-3 py-2">
                {u.id === currentUserId ? (
                  <span className="text-xs text-slate-500">you</span>
                ) : (
                  <Button variant={u.disabled ? 'secondary' : 'danger'} onClick={() => update.mutate({ id: u.id, disabled: !u.disabled })}>
                    {u.disabled ? 'Enable' : 'Disable'}
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      </div>
    </div>
  );
}
