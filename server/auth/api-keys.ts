import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { MirroredKey } from '../aws/ingest-keys';
import { audit, type Actor } from '../meta/audit';
import type { MetaDb } from '../meta/db';
import { ServiceError } from '../meta/errors';
import { hashKey } from './key-hash';

export { presentedKey } from './key-hash';

/** `ingest` keys send events; `token`s are personal query tokens (CLI), acting as their user. */
export type KeyKind = 'ingest' | 'token';

export interface ApiKey {
  id: string;
  name: string;
  kind: KeyKind;
  /** Ingest keys: the source (`@log`) their events get; null lets the event name it. */
  source: string | null;
  /** Tokens: the user they act as. */
  userId: string | null;
}

export interface ApiKeyInfo extends ApiKey {
  createdAt: number;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

const PREFIX: Record<KeyKind, string> = { ingest: 'lk_', token: 'lt_' };


interface CachedKey extends ApiKey {
  revoked: boolean;
}

/** AWS mode: where ingest keys are mirrored for the ingest Lambda (server/aws/ingest-keys.ts). */
export interface KeyMirror {
  put(key: MirroredKey): Promise<void>;
  reconcile(keys: readonly MirroredKey[]): Promise<{ put: number; deleted: number }>;
}

/**
 * API keys, stored hashed in `meta.api_keys` and shown once at creation. Lookups hit an in-memory
 * map so ingest pays no query per request; `last_used_at` is written at most once a minute per key.
 */
export class ApiKeyStore {
  private byHash = new Map<string, CachedKey>();
  private lastUsedWrite = new Map<string, number>();

  private constructor(
    private readonly db: MetaDb,
    private readonly envKeyHash: Buffer | null,
    private readonly mirror: KeyMirror | null,
  ) {}

  static async open(db: MetaDb, envKey: string | undefined, mirror: KeyMirror | null = null): Promise<ApiKeyStore> {
    const store = new ApiKeyStore(db, envKey ? Buffer.from(hashKey(envKey), 'hex') : null, mirror);
    await store.reload();
    return store;
  }

  async reload(): Promise<void> {
    const rows = await this.db.all('SELECT id, name, kind, source, user_id, hash, revoked_at FROM meta.api_keys');
    this.byHash = new Map(
      rows.map((r) => [
        String(r.hash),
        {
          id: String(r.id),
          name: String(r.name),
          kind: r.kind === 'token' ? 'token' : 'ingest',
          source: r.source === null ? null : String(r.source),
          userId: r.user_id === null ? null : String(r.user_id),
          revoked: r.revoked_at !== null,
        },
      ]),
    );
  }

  hasIngestKeys(): boolean {
    return [...this.byHash.values()].some((k) => k.kind === 'ingest' && !k.revoked);
  }

  async list(filter: { kind?: KeyKind; userId?: string } = {}): Promise<ApiKeyInfo[]> {
    const rows = await this.db.all('SELECT id, name, kind, source, user_id, created_at, revoked_at, last_used_at FROM meta.api_keys ORDER BY created_at DESC');
    return rows
      .map((r) => ({
        id: String(r.id),
        name: String(r.name),
        kind: (r.kind === 'token' ? 'token' : 'ingest') as KeyKind,
        source: r.source === null ? null : String(r.source),
        userId: r.user_id === null ? null : String(r.user_id),
        createdAt: Number(r.created_at),
        revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
        lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
      }))
      .filter((k) => (!filter.kind || k.kind === filter.kind) && (!filter.userId || k.userId === filter.userId));
  }

  /**
   * Creates a key and returns its secret: the only time it is ever available. In AWS mode an
   * ingest key is mirrored for the ingest Lambda; `mirrorWarning` says when that failed.
   */
  async create(input: { name: string; kind: KeyKind; source?: string | null; userId?: string | null }, actor: Actor | null): Promise<{ key: ApiKey; secret: string; mirrorWarning?: string }> {
    const secret = PREFIX[input.kind] + randomBytes(24).toString('base64url');
    const key: ApiKey = { id: randomUUID(), name: input.name, kind: input.kind, source: input.source ?? null, userId: input.userId ?? null };
    await this.db.transaction(async (tx) => {
      await tx.run('INSERT INTO meta.api_keys (id, name, kind, source, user_id, hash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        key.id, key.name, key.kind, key.source, key.userId, hashKey(secret), BigInt(Date.now()),
      ]);
      await audit(tx, actor, `${key.kind}.create`, 'api_key', key.id, { name: key.name, source: key.source, userId: key.userId });
    });
    await this.reload();
    if (key.kind !== 'ingest') return { key, secret };
    const mirrorWarning = await this.mirrorOne({ hash: hashKey(secret), keyId: key.id, name: key.name, source: key.source, revoked: false }, 'created');
    return { key, secret, mirrorWarning };
  }

  /**
   * Revokes a key. Revoking an ingest key again re-sends the revocation to the AWS mirror, so an
   * admin can retry after a `mirrorWarning` (until it reaches the mirror the Lambda still accepts the key).
   */
  async revoke(id: string, actor: Actor, allowed: (key: ApiKeyInfo) => boolean): Promise<{ mirrorWarning?: string }> {
    const key = (await this.list()).find((k) => k.id === id);
    if (!key || !allowed(key)) throw new ServiceError(404, 'no such key');
    if (key.revokedAt === null) {
      await this.db.transaction(async (tx) => {
        await tx.run('UPDATE meta.api_keys SET revoked_at = $1 WHERE id = $2', [BigInt(Date.now()), id]);
        await audit(tx, actor, `${key.kind}.revoke`, 'api_key', id, { name: key.name });
      });
      await this.reload();
    }
    if (key.kind !== 'ingest') return {};
    const row = await this.db.one('SELECT hash FROM meta.api_keys WHERE id = $1', [id]);
    return { mirrorWarning: await this.mirrorOne({ hash: String(row?.hash), keyId: key.id, name: key.name, source: key.source, revoked: true }, 'revoked') };
  }

  /** Every ingest key (and LOGLINE_INGEST_KEY) to the AWS mirror, stale entries removed; run on start. */
  async reconcileMirror(): Promise<{ put: number; deleted: number } | null> {
    if (!this.mirror) return null;
    const rows = await this.db.all("SELECT id, name, source, hash, revoked_at FROM meta.api_keys WHERE kind = 'ingest'");
    const keys: MirroredKey[] = rows.map((r) => ({ hash: String(r.hash), keyId: String(r.id), name: String(r.name), source: r.source === null ? null : String(r.source), revoked: r.revoked_at !== null }));
    if (this.envKeyHash) keys.push({ hash: this.envKeyHash.toString('hex'), keyId: 'env', name: 'LOGLINE_INGEST_KEY', source: null, revoked: false });
    return this.mirror.reconcile(keys);
  }

  /** The store is the source of truth and already committed: a mirror failure is reported, not rolled back. */
  private async mirrorOne(key: MirroredKey, what: 'created' | 'revoked'): Promise<string | undefined> {
    if (!this.mirror) return undefined;
    try {
      await this.mirror.put(key);
      return undefined;
    } catch (error) {
      console.error('mirroring an ingest key to DynamoDB failed', error);
      return what === 'created'
        ? `Created, but the AWS ingest endpoint could not be told (${(error as Error).message}); it accepts this key after the next console start.`
        : `Revoked in the console, but the AWS ingest endpoint could not be told (${(error as Error).message}) and still accepts this key: revoke it again, or restart the console.`;
    }
  }

  /** The key a request presents, or null when it is missing, unknown, revoked or of another kind. */
  verify(presented: string | null, kind: KeyKind): ApiKey | null {
    if (!presented) return null;
    const hash = hashKey(presented);
    if (kind === 'ingest' && this.envKeyHash && timingSafeEqual(Buffer.from(hash, 'hex'), this.envKeyHash)) {
      return { id: 'env', name: 'LOGLINE_INGEST_KEY', kind: 'ingest', source: null, userId: null };
    }
    const key = this.byHash.get(hash);
    if (!key || key.revoked || key.kind !== kind) return null;
    this.touch(key.id);
    return { id: key.id, name: key.name, kind: key.kind, source: key.source, userId: key.userId };
  }

  private touch(id: string): void {
    const now = Date.now();
    if ((this.lastUsedWrite.get(id) ?? 0) > now - 60_000) return;
    this.lastUsedWrite.set(id, now);
    this.db.run('UPDATE meta.api_keys SET last_used_at = $1 WHERE id = $2', [BigInt(now), id]).catch(() => {
      // last-used time is informational; a failed write must not fail the request
    });
  }
}
