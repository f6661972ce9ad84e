import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { SessionUser } from '../auth/current-user';
import { audit } from './audit';
import type { MetaDb } from './db';
import { ServiceError } from './errors';

/** A dated label (a release, a campaign) drawn on every time chart. */
export interface ReleaseMarker {
  id: string;
  at: number;
  label: string;
  createdBy: string | null;
}

export const markerInput = z.object({
  at: z.number().int().min(0).max(8.64e15),
  label: z.string().trim().min(1, 'give the marker a label').max(80),
});

export async function listMarkers(db: MetaDb): Promise<ReleaseMarker[]> {
  const rows = await db.all('SELECT m.id, m.occurs_at, m.label, u.email FROM meta.release_markers m LEFT JOIN meta.users u ON u.id = m.created_by ORDER BY m.occurs_at');
  return rows.map((r) => ({ id: String(r.id), at: Number(r.occurs_at), label: String(r.label), createdBy: r.email === null ? null : String(r.email) }));
}

export async function createMarker(db: MetaDb, user: SessionUser, input: unknown): Promise<ReleaseMarker> {
  if (user.role !== 'admin') throw new ServiceError(403, 'only admins add release markers');
  const data = markerInput.parse(input);
  const id = randomUUID();
  await db.transaction(async (tx) => {
    await tx.run('INSERT INTO meta.release_markers (id, occurs_at, label, created_by, created_at) VALUES ($1, $2, $3, $4, $5)', [id, BigInt(data.at), data.label, user.id, BigInt(Date.now())]);
    await audit(tx, user, 'release_marker.create', 'release_marker', id, data);
  });
  return { id, ...data, createdBy: user.email };
}

export async function deleteMarker(db: MetaDb, user: SessionUser, id: string): Promise<void> {
  if (user.role !== 'admin') throw new ServiceError(403, 'only admins remove release markers');
  await db.transaction(async (tx) => {
    const [row] = await tx.all('SELECT label FROM meta.release_markers WHERE id = $1', [id]);
    if (!row) throw new ServiceError(404, 'no such release marker');
    await tx.run('DELETE FROM meta.release_markers WHERE id = $1', [id]);
    await audit(tx, user, 'release_marker.delete', 'release_marker', id, { label: String(row.label) });
  });
}
