import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';

export interface ApiKey {
  id: string;
  name: string;
  kind: 'ingest';
  /** The source (`@log`) events sent with this key get; null lets the event name it. */
  source: string | null;
}

const KEY_PREFIX = 'lk_';

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * API keys, stored hashed in `meta.api_keys`. Lookups hit an in-memory map so ingest pays no query
 * per request; `last_used_at` is written back at most once a minute per key.
 */
export class ApiKeyStore {
  private byHash = new Map<string, ApiKey & { revoked: boolean }>();
  private lastUsedWrite = new Map<string, number>();

  private constructor(
    private readonly conn: DuckDBConnection,
    private readonly envKeyHash: Buffer | null,
  ) {}

  static async open(conn: DuckDBConnection, envKey: string | undefined): Promise<ApiKeyStore> {
    const store = new ApiKeyStore(conn, envKey ? Buffer.from(hashKey(envKey), 'hex') : null);
    await store.reload();
    return store;
  }

  async reload(): Promise<void> {
    const r = await this.conn.runAndReadAll('SELECT id, name, kind, source, hash, revoked_at FROM meta.api_keys');
    this.byHash = new Map(
      r.getRows().map(([id, name, kind, source, hash, revokedAt]) => [
        String(hash),
        { id: String(id), name: String(name), kind: kind as 'ingest', source: source === null ? null : String(source), revoked: revokedAt !== null },
      ]),
    );
  }

  hasIngestKeys(): boolean {
    return [...this.byHash.values()].some((k) => k.kind === 'ingest' && !k.revoked);
  }

  /** Creates a key and returns its secret: the only time it is ever available. */
  async create(name: string, kind: 'ingest', source: string | null = null): Promise<{ key: ApiKey; secret: string }> {
    const secret = KEY_PREFIX + randomBytes(24).toString('base64url');
    const key: ApiKey = { id: randomUUID(), name, kind, source };
    await this.conn.run('INSERT INTO meta.api_keys (id, name, kind, source, hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      key.id, name, kind, source, hashKey(secret), BigInt(Date.now()),
    ]);
    await this.reload();
    return { key, secret };
  }

  /** The key a request presents, or null when it is missing, unknown or revoked. */
  verify(presented: string | null): ApiKey | null {
    if (!presented) return null;
    const hash = hashKey(presented);
    if (this.envKeyHash && timingSafeEqual(Buffer.from(hash, 'hex'), this.envKeyHash)) {
      return { id: 'env', name: 'LOGLINE_INGEST_KEY', kind: 'ingest', source: null };
    }
    const key = this.byHash.get(hash);
    if (!key || key.revoked) return null;
    this.touch(key.id);
    return { id: key.id, name: key.name, kind: key.kind, source: key.source };
  }

  private touch(id: string): void {
    const now = Date.now();
    if ((this.lastUsedWrite.get(id) ?? 0) > now - 60_000) return;
    this.lastUsedWrite.set(id, now);
    this.conn.run('UPDATE meta.api_keys SET last_used_at = $1 WHERE id = $2', [BigInt(now), id]).catch(() => {
      // last-used time is informational; a failed write must not fail ingest
    });
  }
}

/** Reads the key from `Authorization: Bearer …` or `x-api-key`. */
export function presentedKey(headers: Headers): string | null {
  const auth = headers.get('authorization');
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth.trim());
    if (m) return m[1];
  }
  return headers.get('x-api-key')?.trim() || null;
}
