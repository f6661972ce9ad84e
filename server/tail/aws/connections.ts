import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  ScanCommand,
  UpdateItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import type { Role } from '../../auth/roles';

/**
 * The live-tail connections table (made by infra/): one item per API Gateway WebSocket
 * connection, partition key `connectionId` (S), TTL attribute `expiresAt` (epoch seconds).
 * `$connect` puts the item, `$default` adds the subscription, the consumer's fan-out reads the
 * subscriptions and keeps the sampled/dropped counters, `$disconnect` and GoneException delete it.
 */
export interface StoredSubscription {
  connectionId: string;
  userId: string;
  /** Changes on every subscribe: counters and queued events belong to one subscription. */
  subscriptionId: string;
  sources: string[];
  /** QL filter text as the user typed it (validated by `$default`; compiled once per text by the fan-out). */
  filter: string;
  maxRate: number;
  buffer: number;
}

export interface StoredCounters {
  matched: number;
  sampledOut: number;
  dropped: number;
}

/** Connections last at most 2 hours (aws-limits.md §7); the TTL is a backstop for lost `$disconnect`s. */
export const CONNECTION_TTL_SECONDS = 2 * 3600 + 10 * 60;

const S = (s: string): AttributeValue => ({ S: s });
const N = (n: number): AttributeValue => ({ N: String(n) });
const num = (v: AttributeValue | undefined): number => (v?.N === undefined ? 0 : Number(v.N));
const str = (v: AttributeValue | undefined): string => v?.S ?? '';

export class ConnectionStore {
  constructor(
    private readonly db: DynamoDBClient,
    readonly table: string,
  ) {}

  async put(c: { connectionId: string; userId: string; role: Role }, nowMs = Date.now()): Promise<void> {
    await this.db.send(
      new PutItemCommand({
        TableName: this.table,
        Item: { connectionId: S(c.connectionId), userId: S(c.userId), role: S(c.role), connectedAt: N(nowMs), expiresAt: N(Math.floor(nowMs / 1000) + CONNECTION_TTL_SECONDS) },
      }),
    );
  }

  async delete(connectionId: string): Promise<void> {
    await this.db.send(new DeleteItemCommand({ TableName: this.table, Key: { connectionId: S(connectionId) } }));
  }

  /** Subscribes; false when the connection is gone (a message racing `$disconnect` must not recreate it without its TTL). */
  async subscribe(connectionId: string, sub: Omit<StoredSubscription, 'connectionId' | 'userId'>, nowMs = Date.now()): Promise<boolean> {
    return this.conditional(
      new UpdateItemCommand({
        TableName: this.table,
        Key: { connectionId: S(connectionId) },
        ConditionExpression: 'attribute_exists(connectionId)',
        UpdateExpression: 'SET subscriptionId = :id, sources = :sources, #filter = :filter, maxRate = :rate, #buffer = :buffer, subscribedAt = :now, matched = :zero, sampledOut = :zero, dropped = :zero',
        ExpressionAttributeNames: { '#filter': 'filter', '#buffer': 'buffer' },
        ExpressionAttributeValues: {
          ':id': S(sub.subscriptionId), ':sources': { L: sub.sources.map(S) }, ':filter': S(sub.filter), ':rate': N(sub.maxRate), ':buffer': N(sub.buffer), ':now': N(nowMs), ':zero': N(0),
        },
      }),
    );
  }

  async unsubscribe(connectionId: string): Promise<boolean> {
    return this.conditional(
      new UpdateItemCommand({
        TableName: this.table,
        Key: { connectionId: S(connectionId) },
        ConditionExpression: 'attribute_exists(connectionId)',
        UpdateExpression: 'REMOVE subscriptionId, sources, #filter, maxRate, #buffer, subscribedAt',
        ExpressionAttributeNames: { '#filter': 'filter', '#buffer': 'buffer' },
      }),
    );
  }

  /** Counts an invalid message; returns how many this connection has sent. */
  async countInvalid(connectionId: string): Promise<number> {
    try {
      const out = await this.db.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: { connectionId: S(connectionId) },
          ConditionExpression: 'attribute_exists(connectionId)',
          UpdateExpression: 'ADD invalid :one',
          ExpressionAttributeValues: { ':one': N(1) },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return num(out.Attributes?.invalid);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 0;
      throw error;
    }
  }

  /**
   * Adds to a subscription's counters and returns the totals, shared by every consumer instance.
   * Null when the connection subscribed to something else (or left) meanwhile: its events were
   * chosen by a filter it no longer has, so they are not sent.
   */
  async addCounts(connectionId: string, subscriptionId: string, delta: StoredCounters): Promise<StoredCounters | null> {
    try {
      const out = await this.db.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: { connectionId: S(connectionId) },
          ConditionExpression: 'subscriptionId = :id',
          UpdateExpression: 'ADD matched :m, sampledOut :s, dropped :d',
          ExpressionAttributeValues: { ':id': S(subscriptionId), ':m': N(delta.matched), ':s': N(delta.sampledOut), ':d': N(delta.dropped) },
          // ALL_NEW, not UPDATED_NEW: moto leaves out an attribute a zero was added to.
          ReturnValues: 'ALL_NEW',
        }),
      );
      const a = out.Attributes ?? {};
      return { matched: num(a.matched), sampledOut: num(a.sampledOut), dropped: num(a.dropped) };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return null;
      throw error;
    }
  }

  /**
   * Every live subscription. A Scan reads the whole table, which stays small (one item per open
   * browser tab, each under 1 KB with filters up to 10 000 characters); the fan-out caches the result
   * for a few seconds. Expired items may linger up to two days after their TTL, so they are filtered.
   */
  async subscriptions(nowMs = Date.now()): Promise<StoredSubscription[]> {
    const out: StoredSubscription[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.db.send(
        new ScanCommand({
          TableName: this.table,
          ExclusiveStartKey: start,
          FilterExpression: 'attribute_exists(subscriptionId) AND expiresAt > :now',
          ProjectionExpression: 'connectionId, userId, subscriptionId, sources, #filter, maxRate, #buffer',
          ExpressionAttributeNames: { '#filter': 'filter', '#buffer': 'buffer' },
          ExpressionAttributeValues: { ':now': N(Math.floor(nowMs / 1000)) },
        }),
      );
      for (const item of page.Items ?? []) {
        out.push({
          connectionId: str(item.connectionId),
          userId: str(item.userId),
          subscriptionId: str(item.subscriptionId),
          sources: (item.sources?.L ?? []).map(str).filter(Boolean),
          filter: str(item.filter),
          maxRate: num(item.maxRate) || 500,
          buffer: num(item.buffer) || 5000,
        });
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  private async conditional(command: UpdateItemCommand): Promise<boolean> {
    try {
      await this.db.send(command);
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
