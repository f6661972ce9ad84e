import { randomUUID } from 'node:crypto';
import { DeleteItemCommand, PutItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * Consumer idempotency by SQS message id, in DynamoDB (partition key `messageId`, TTL attribute
 * `expiresAt` in epoch seconds). Two phases, so that no crash loses events:
 *
 *   claim   conditional put `pending` with a lease, unless the id is `done` or leased by a live consumer
 *   write   PutLogEvents
 *   done    put `done`; then SQS deletes the message
 *
 * A redelivery (visibility timeout, or SQS's at-least-once duplicates) of a `done` message is
 * skipped; of a message whose lease is still running (another consumer has it now) is left for
 * later; of a message whose lease ran out (its consumer died) is claimed and written again. So
 * events are never lost, and duplicated only when a consumer dies between a successful
 * PutLogEvents and the `done` put — milliseconds — or when part of a message was written before a
 * later call failed for good (the message is retried whole). Claiming without a lease ("claim
 * then write") would lose the events of a consumer that died after claiming; recording only after
 * the write ("write then record") would duplicate every concurrent delivery.
 *
 * DynamoDB actions: PutItem (claim, done) and DeleteItem (release).
 */
export type Claim = { state: 'claimed'; token: string } | { state: 'done' } | { state: 'busy' };

/** Long enough to outlast every redelivery of a message (visibility timeout × receives) by far. */
export const DEDUPE_TTL_SECONDS = 24 * 60 * 60;

export class DedupeStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** `leaseMs`: how long this consumer may take; a redelivery after that may take the message over. */
  async claim(messageId: string, leaseMs: number): Promise<Claim> {
    const token = randomUUID();
    const now = this.now();
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: { messageId: { S: messageId }, state: { S: 'pending' }, owner: { S: token }, leaseUntil: { N: String(now + leaseMs) }, expiresAt: { N: expiresAt(now) } },
          // Free, or pending with a lease that ran out, or expired but not yet removed by TTL (which lags).
          ConditionExpression: 'attribute_not_exists(messageId) OR (#state = :pending AND leaseUntil < :now) OR expiresAt < :nowSeconds',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':pending': { S: 'pending' }, ':now': { N: String(now) }, ':nowSeconds': { N: String(Math.floor(now / 1000)) } },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { state: 'claimed', token };
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      const item = (error as { Item?: Record<string, AttributeValue> }).Item;
      return item?.state?.S === 'done' ? { state: 'done' } : { state: 'busy' };
    }
  }

  async complete(messageId: string): Promise<void> {
    await this.client.send(new PutItemCommand({ TableName: this.table, Item: { messageId: { S: messageId }, state: { S: 'done' }, expiresAt: { N: expiresAt(this.now()) } } }));
  }

  /** Gives a claim back after a failed write, so the redelivery need not wait for the lease. */
  async release(messageId: string, token: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteItemCommand({
          TableName: this.table,
          Key: { messageId: { S: messageId } },
          ConditionExpression: '#owner = :token',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':token': { S: token } },
        }),
      );
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error; // someone took it over: theirs now
    }
  }
}

function expiresAt(now: number): string {
  return String(Math.floor(now / 1000) + DEDUPE_TTL_SECONDS);
}
