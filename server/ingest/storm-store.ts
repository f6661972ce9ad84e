// Storms as the admin page lists them: active ones from memory, past ones from meta.storms.
import type { StormRecord } from '@/lib/alerts/storm';
import type { MetaDb } from '../meta/db';
import { topClient, type Storm } from './storm-rate';

export function toRecord(s: Storm): StormRecord {
  return { id: s.id, source: s.source, fingerprint: s.fingerprint, title: s.title, level: s.level, client: topClient(s), peakRate: s.peakRate, rate: s.rate, sampleEvery: s.sampleEvery, kept: s.kept, dropped: s.dropped, startedAt: s.startedAt, endedAt: s.endedAt };
}

export async function saveStorms(db: MetaDb, storms: readonly StormRecord[]): Promise<void> {
  if (storms.length === 0) return;
  const now = BigInt(Date.now());
  await db.transaction(async (tx) => {
    for (const s of storms) {
      await tx.run(
        `INSERT OR REPLACE INTO meta.storms (id, source, fingerprint, title, level, client_field, client_value, client_share, peak_rate, sample_every, kept, dropped, started_at, ended_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
        [s.id, s.source, s.fingerprint, s.title, s.level, s.client?.field ?? null, s.client?.value ?? null, s.client?.share ?? null, BigInt(s.peakRate), BigInt(s.sampleEvery), BigInt(s.kept), BigInt(s.dropped), BigInt(s.startedAt), s.endedAt === null ? null : BigInt(s.endedAt), now],
      );
    }
  });
}

/** A storm still open in the table belongs to a process that died: it ended when last saved. */
export async function closeAbandonedStorms(db: MetaDb): Promise<void> {
  await db.run('UPDATE meta.storms SET ended_at = updated_at WHERE ended_at IS NULL');
}

export async function listStorms(db: MetaDb, limit: number): Promise<StormRecord[]> {
  const rows = await db.all(`SELECT * FROM meta.storms ORDER BY started_at DESC LIMIT ${Math.max(1, Math.min(1000, Math.floor(limit)))}`);
  return rows.map((r) => ({
    id: String(r.id),
    source: String(r.source),
    fingerprint: String(r.fingerprint),
    title: String(r.title),
    level: String(r.level),
    client: r.client_field === null ? null : { field: String(r.client_field), value: String(r.client_value), share: Number(r.client_share) },
    peakRate: Number(r.peak_rate),
    rate: 0,
    sampleEvery: Number(r.sample_every),
    kept: Number(r.kept),
    dropped: Number(r.dropped),
    startedAt: Number(r.started_at),
    endedAt: r.ended_at === null ? null : Number(r.ended_at),
  }));
}
