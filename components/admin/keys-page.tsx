'use client';

import { useState, type FormEvent } from 'react';
import { Badge, Button, DataTable, ErrorNote, Field, formatTime, Input, PageHeader, SecretOnce } from '../ui/primitives';
import { useCreateKey, useKeys, useRevokeKey } from './use-admin';

/** Ingest keys (one per producer, optionally bound to a source) and everyone's personal tokens. */
export function KeysPage() {
  const keys = useKeys();
  const create = useCreateKey();
  const revoke = useRevokeKey();
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  // AWS mode: the ingest Lambda's copy of the keys could not be updated (server/aws/ingest-keys.ts).
  const [mirrorWarning, setMirrorWarning] = useState<string | null>(null);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const name = String(data.get('name'));
    const source = String(data.get('source') || '').trim();
    const r = await create.mutateAsync({ name, source: source || null });
    setSecret({ name, secret: r.secret });
    setMirrorWarning(r.warning ?? null);
    form.reset();
  }

  return (
    <div>
      <PageHeader title="API keys" description="Ingest keys send events. Personal tokens let the CLI act as their owner. Secrets are stored hashed and shown once." />
      <div className="mx-auto max-w-5xl space-y-6 px-6 py-6">
        <form onSubmit={(e) => void submit(e).catch(() => undefined)} className="grid items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-[2fr_1.5fr_auto]" aria-label="New ingest key">
          <Field label="Name" hint="The producer that will use it, e.g. “web client”.">
            <Input name="name" required maxLength={100} />
          </Field>
          <Field label="Source (optional)" hint="Events sent with this key get this @log.">
            <Input name="source" maxLength={512} placeholder="e.g. web" />
          </Field>
          <Button type="submit" variant="primary" disabled={create.isPending}>
            Create ingest key
          </Button>
        </form>
        <ErrorNote error={create.error ?? revoke.error ?? keys.error ?? mirrorWarning} />
        {secret && <SecretOnce label={`Ingest key “${secret.name}”`} secret={secret.secret} onDone={() => setSecret(null)} />}
        <DataTable headers={['Name', 'Kind', 'Created', 'Last used', '']}>
          {keys.data?.map((k) => (
            <tr key={k.id} data-testid="key-row" className={k.revokedAt ? 'text-slate-400' : ''}>
              <td className="px-3 py-2 font-medium">{k.name}</td>
              <td className="px-3 py-2">
                {k.kind === 'ingest' ? <Badge tone="green">ingest{k.source ? ` → ${k.source}` : ''}</Badge> : <Badge tone="indigo">personal token</Badge>}
              </td>
              <td className="px-3 py-2">{formatTime(k.createdAt)}</td>
              <td className="px-3 py-2">{formatTime(k.lastUsedAt)}</td>
              <td className="px-3 py-2 text-right">
                {k.revokedAt ? (
                  <span className="text-xs">revoked {formatTime(k.revokedAt)}</span>
                ) : (
                  <Button variant="danger" onClick={() => window.confirm(`Revoke “${k.name}”? Producers using it get 401 from then on (the AWS ingest endpoint within a minute).`) && revoke.mutate(k.id, { onSuccess: (r) => setMirrorWarning(r.warning ?? null) })}>
                    Revoke
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
