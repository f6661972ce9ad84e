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
   * How long a lookup is trusted. This is the revocation delay: a key revoked in the console is
   * refused by each Lambda instance at most this long after (plus DynamoDB's eventual consistency,
   * typically under a second). Unknown keys are cached as long, so a flood of bad keys costs one read each.
   */
  cacheMs?: number;
  maxEntries?: number;
  now?: () => number;
}

export const KEY_CACHE_MS = 60_000;

/** The Lambda side: looks up the presented key's hash (dynamodb:GetItem), cached briefly. */
export class DynamoIngestKeys implements IngestKeys {
  private readonly cache = new Map<string, Cached>();
  private readonly cacheMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
    options: KeyLookupOptions = {},
  ) {
    this.cacheMs = options.cacheMs ?? KEY_CACHE_MS;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  async verify(presented: string | null, kind: 'ingest'): Promise<ApiKey | null> {
    if (!presented || kind !== 'ingest') return null;
    const hash = hashKey(presented);
    const now = this.now();
    const hit = this.cache.get(hash);
    if (hit && hit.until > now) return hit.key;
    let key: ApiKey | null;
    try {
      const out = await this.client.send(new GetItemCommand({ TableName: this.table, Key: { hash: { S: hash } } }));
      const item = out.Item;
      key = item && item.revoked?.BOOL !== true ? { id: item.keyId?.S ?? 'unknown', name: item.name?.S ?? '', kind: 'ingest', source: item.source?.S ?? null, userId: null } : null;
    } catch (error) {
      throw new IngestError(503, `the API key could not be checked (${describeError(error)}); retry later`, 5);
    }
    this.cache.delete(hash);
    if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(hash, { key, until: now + this.cacheMs });
    return key;
  }
}
