import { DeleteItemCommand, GetItemCommand, PutItemCommand, ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ApiKey } from '../auth/api-keys';
import { hashKey } from '../auth/key-hash';
import { IngestError } from '../ingest/body';
import type { IngestKeys } from '../ingest/edge';
import { describeError } from './retry';

/**
 * Ingest keys for the ingest Lambda, which cannot read the console's DuckDB: the console mirrors
 * each ingest key's hash, bound source and revocation to a DynamoDB table (partition key `hash`)
 * when keys are created or revoked, and reconciles the whole set on start; the Lambda looks up the
 * presented key's hash. Secrets never leave the console; only SHA-256 hashes are stored.
 */
export interface MirroredKey {
  hash: string;
  keyId: string;
  name: string;
  source: string | null;
  revoked: boolean;
}

/** The console side: writes the mirror (dynamodb:PutItem, Scan, DeleteItem). */
export class IngestKeyMirror {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  async put(key: MirroredKey): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.table,
        Item: {
          hash: { S: key.hash },
          keyId: { S: key.keyId },
          name: { S: key.name },
          ...(key.source !== null ? { source: { S: key.source } } : {}),
          revoked: { BOOL: key.revoked },
          updatedAt: { N: String(Date.now()) },
        },
      }),
    );
  }

  /** Makes the table hold exactly these keys: every one put, any other hash (an old env key) deleted. */
  async reconcile(keys: readonly MirroredKey[]): Promise<{ put: number; deleted: number }> {
    for (const key of keys) await this.put(key);
    const keep = new Set(keys.map((k) => k.hash));
    let deleted = 0;
    let start: Record<string, { S: string }> | undefined;
    do {
      const page = await this.client.send(new ScanCommand({ TableName: this.table, ProjectionExpression: '#h', ExpressionAttributeNames: { '#h': 'hash' }, ExclusiveStartKey: start }));
      for (const item of page.Items ?? []) {
        const hash = item.hash?.S;
        if (hash && !keep.has(hash)) {
          await this.client.send(new DeleteItemCommand({ TableName: this.table, Key: { hash: { S: hash } } }));
          deleted++;
        }
      }
      start = page.LastEvaluatedKey as Record<string, { S: string }> | undefined;
    } while (start);
    return { put: keys.length, deleted };
  }
}

interface Cached {
  key: ApiKey | null;
  until: number;
}

export interface KeyLookupOptions {
  /**
   * How long a found key is trusted. This is the revocation delay: a key revoked in the console is
   * refused by each Lambda instance at most this long after (plus DynamoDB's eventual consistency,
   * typically under a second).
   */
  cacheMs?: number;
  maxEntries?: number;
  /**
   * How long an unknown (or revoked) key stays refused without a read. Short and kept apart from
   * the found keys: a key created a moment ago is accepted once its mirror write lands, and a
   * flood of random keys can only evict other unknown ones, never the keys in use.
   */
  unknownCacheMs?: number;
  unknownMaxEntries?: number;
  now?: () => number;
}

export const KEY_CACHE_MS = 60_000;
export const UNKNOWN_KEY_CACHE_MS = 5_000;

/** Insertion-ordered map with a size bound: the oldest entry goes first. */
class BoundedCache {
  private readonly entries = new Map<string, Cached>();
  constructor(private readonly maxEntries: number) {}

  get(hash: string, now: number): Cached | undefined {
    const hit = this.entries.get(hash);
    return hit && hit.until > now ? hit : undefined;
  }

  set(hash: string, value: Cached): void {
    this.entries.delete(hash);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(hash, value);
  }

  delete(hash: string): void {
    this.entries.delete(hash);
  }
}

/** The Lambda side: looks up the presented key's hash (dynamodb:GetItem), cached briefly. */
export class DynamoIngestKeys implements IngestKeys {
  private readonly known: BoundedCache;
  private readonly unknown: BoundedCache;
  private readonly cacheMs: number;
  private readonly unknownCacheMs: number;
  private readonly now: () => number;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
    options: KeyLookupOptions = {},
  ) {
    this.cacheMs = options.cacheMs ?? KEY_CACHE_MS;
    this.unknownCacheMs = options.unknownCacheMs ?? UNKNOWN_KEY_CACHE_MS;
    this.known = new BoundedCache(options.maxEntries ?? 10_000);
    this.unknown = new BoundedCache(options.unknownMaxEntries ?? 1_000);
    this.now = options.now ?? Date.now;
  }

  async verify(presented: string | null, kind: 'ingest'): Promise<ApiKey | null> {
    if (!presented || kind !== 'ingest') return null;
    const hash = hashKey(presented);
    const now = this.now();
    const hit = this.known.get(hash, now) ?? this.unknown.get(hash, now);
    if (hit) return hit.key;
    let key: ApiKey | null;
    try {
      const out = await this.client.send(new GetItemCommand({ TableName: this.table, Key: { hash: { S: hash } } }));
      const item = out.Item;
      key = item && item.revoked?.BOOL !== true ? { id: item.keyId?.S ?? 'unknown', name: item.name?.S ?? '', kind: 'ingest', source: item.source?.S ?? null, userId: null } : null;
    } catch (error) {
      throw new IngestError(503, `the API key could not be checked (${describeError(error)}); retry later`, 5);
    }
    if (key) {
      this.unknown.delete(hash);
      this.known.set(hash, { key, until: now + this.cacheMs });
    } else {
      this.known.delete(hash);
      this.unknown.set(hash, { key: null, until: now + this.unknownCacheMs });
    }
    return key;
  }
}
