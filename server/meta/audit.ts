import { randomUUID } from 'node:crypto';
import type { MetaDb, MetaTx } from './db';

export interface Actor {
  id: string;
  email: string;
}

export interface AuditEntry {
  id: string;
  at: number;
  actorEmail: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  detail: Record<string, unknown>;
}

/** Writes one audit record inside the caller's transaction: if it fails, the change fails too. */
export async function audit(tx: MetaTx, actor: Actor | null, action: string, entity: string, entityId: string | null, detail: Record<string, unknown> = {}): Promise<void> {
  await tx.run('INSERT INTO meta.audit (id, occurred_at, actor_id, actor_email, action, entity, entity_id, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
    randomUUID(), BigInt(Date.now()), actor?.id ?? null, actor?.email ?? null, action, entity, entityId, JSON.stringify(detail),
  ]);
}

export async function listAudit(db: MetaDb, options: { limit: number; entity?: string; entityId?: string }): Promise<AuditEntry[]> {
  const where: string[] = [];
  const params: string[] = [];
  if (options.entity) where.push(`entity = $${params.push(options.entity)}`);
  if (options.entityId) where.push(`entity_id = $${params.push(options.entityId)}`);
  const rows = await db.all(
    `SELECT id, occurred_at, actor_email, action, entity, entity_id, detail FROM meta.audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY occurred_at DESC LIMIT ${Math.max(1, Math.min(1000, Math.floor(options.limit)))}`,
    params,
  );
  return rows.map((r) => ({
    id: String(r.id),
    at: Number(r.occurred_at),
    actorEmail: r.actor_email === null ? null : String(r.actor_email),
    action: String(r.action),
    entity: String(r.entity),
    entityId: r.entity_id === null ? null : String(r.entity_id),
    detail: JSON.parse(String(r.detail)) as Record<string, unknown>,
  }));
}
