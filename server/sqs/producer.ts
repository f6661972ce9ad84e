import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import { backoffDelay, DEFAULT_RETRY, describeError, isRetryable, mapLimit, sleep, type RetryPolicy } from '../aws/retry';
import { packEnvelopes, type EnvelopeContext, type EnvelopeItem, type PackedEnvelope } from './envelope';

/**
 * SQS size limits (aws-limits.md §5.1): since 2025 a message and a whole SendMessageBatch may
 * each be 1 MiB, but a queue created earlier, or with `MaximumMessageSize` set, keeps 256 KiB for
 * both, and SQS refuses bigger messages there. So the default is the size every queue takes;
 * `LOGLINE_SQS_MAX_MESSAGE_BYTES=1048576` uses 1 MiB when the queue allows it (four times fewer
 * messages and receives for the same events).
 */
export const SAFE_MESSAGE_BYTES = 262_144;
export const MAX_MESSAGE_BYTES = 1_048_576;
/** SendMessageBatch takes at most 10 entries. */
export const MAX_BATCH_ENTRIES = 10;

export interface ProducerOptions {
  queueUrl: string;
  /** Largest message, and largest SendMessageBatch (both limits are equal in either regime). */
  maxMessageBytes?: number;
  retry?: RetryPolicy;
  /** SendMessageBatch calls in flight at once. */
  concurrency?: number;
}

export interface SendFailure {
  index: number;
  error: string;
  /** SQS answered SenderFault: it will never take this message, so sending it again cannot help. */
  senderFault?: boolean;
}

export interface SendReport {
  /** Messages SQS accepted. */
  sent: number;
  /** Indices (into the bodies given) SQS did not accept after retries, with why. */
  failed: SendFailure[];
}

export interface EnqueueReport {
  /** Events whose message SQS accepted. */
  enqueued: number;
  /** Events too large for one message on this queue (indices as given). */
  tooLarge: number[];
  /** Events whose message SQS refused for good (SenderFault): sending them again cannot help. */
  refused: { index: number; error: string }[];
  /** Events whose message SQS did not accept this time: nothing of theirs may be acknowledged; they may be sent again. */
  notEnqueued: { index: number; error: string }[];
}

/**
 * Sends envelopes to the ingest queue with SendMessageBatch: at most 10 entries and the size
 * limit per call, per-entry failures on SQS's side and throttled calls retried with backoff and
 * jitter (bounded); what still failed is returned, never dropped silently.
 */
export class QueueProducer {
  readonly maxMessageBytes: number;
  private readonly retry: RetryPolicy;

  constructor(
    private readonly client: SQSClient,
    private readonly options: ProducerOptions,
  ) {
    this.maxMessageBytes = Math.min(options.maxMessageBytes ?? SAFE_MESSAGE_BYTES, MAX_MESSAGE_BYTES);
    this.retry = options.retry ?? { ...DEFAULT_RETRY, attempts: 4, capMs: 1_000 };
  }

  /** Packs events into envelopes (envelope.ts) and sends them; reports per event. */
  async enqueue(context: EnvelopeContext, items: readonly EnvelopeItem[]): Promise<EnqueueReport> {
    const { envelopes, tooLarge } = packEnvelopes(context, items, this.maxMessageBytes);
    const report = await this.send(envelopes);
    const events = (failures: SendFailure[]) => failures.flatMap((f) => envelopes[f.index].indices.map((index) => ({ index, error: f.error })));
    const refused = events(report.failed.filter((f) => f.senderFault));
    const notEnqueued = events(report.failed.filter((f) => !f.senderFault));
    return { enqueued: envelopes.reduce((n, e) => n + e.indices.length, 0) - notEnqueued.length - refused.length, tooLarge, refused, notEnqueued };
  }

  async send(bodies: readonly Pick<PackedEnvelope, 'body' | 'bytes'>[]): Promise<SendReport> {
    const batches = this.batches(bodies);
    const results = await mapLimit(batches, this.options.concurrency ?? 4, (batch) => this.sendBatch(batch, bodies));
    const failed = results.flat();
    return { sent: bodies.length - failed.length, failed };
  }

  /** Consecutive bodies, ≤ 10 per call and ≤ the size limit in total. */
  private batches(bodies: readonly Pick<PackedEnvelope, 'bytes'>[]): number[][] {
    const out: number[][] = [];
    let current: number[] = [];
    let size = 0;
    bodies.forEach((b, i) => {
      if (current.length === MAX_BATCH_ENTRIES || (current.length > 0 && size + b.bytes > this.maxMessageBytes)) {
        out.push(current);
        current = [];
        size = 0;
      }
      current.push(i);
      size += b.bytes;
    });
    if (current.length > 0) out.push(current);
    return out;
  }

  private async sendBatch(indices: number[], bodies: readonly Pick<PackedEnvelope, 'body'>[]): Promise<SendFailure[]> {
    const final: SendFailure[] = [];
    const lastError = new Map<number, string>();
    let pending = indices;
    for (let attempt = 1; ; attempt++) {
      const entries: SendMessageBatchRequestEntry[] = pending.map((i) => ({ Id: String(i), MessageBody: bodies[i].body }));
      const retryNext: number[] = [];
      try {
        const out = await this.client.send(new SendMessageBatchCommand({ QueueUrl: this.options.queueUrl, Entries: entries }));
        // A 200 answer can still fail entries; SenderFault means SQS will never take this message.
        for (const f of out.Failed ?? []) {
          const index = Number(f.Id);
          const error = `${f.Code ?? 'Failed'}: ${f.Message ?? 'SQS did not take the message'}`;
          if (f.SenderFault) final.push({ index, error, senderFault: true });
          else retryNext.push(index);
          lastError.set(index, error);
        }
      } catch (error) {
        if (!isRetryable(error)) return [...final, ...pending.map((index) => ({ index, error: describeError(error) }))];
        for (const i of pending) lastError.set(i, describeError(error));
        retryNext.push(...pending);
      }
      if (retryNext.length === 0 || attempt >= this.retry.attempts) {
        return [...final, ...retryNext.map((index) => ({ index, error: lastError.get(index) ?? 'not sent' }))];
      }
      pending = retryNext;
      await sleep(backoffDelay(attempt - 1, this.retry));
    }
  }
}
