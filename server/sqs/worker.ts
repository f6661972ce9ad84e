import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import { backoffDelay, describeError, DEFAULT_RETRY, sleep, withRetry } from '../aws/retry';
import { emptyStats, type BatchResult, type BatchStats, type ConsumedMessage } from './consumer';

/**
 * `logline worker`: the SQS consumer as a long-running process, for running the log path without
 * Lambda. Long polling with WaitTimeSeconds 20 and MaxNumberOfMessages 10 (without them receives
 * return few or no messages and the queue falls hours behind), a few pollers in parallel, the
 * successful messages deleted, failed ones left to come back after the visibility timeout (and to
 * reach the DLQ by the queue's redrive policy). Stops gracefully on an abort: no new receives,
 * batches in hand finished and deleted.
 */
export interface WorkerOptions {
  sqs: SQSClient;
  queueUrl: string;
  consume: (messages: ConsumedMessage[], leaseMs: number) => Promise<BatchResult>;
  /** Receive loops running at once. */
  pollers: number;
  /** Requested on every receive; also the lease the consumer takes on each message. */
  visibilityTimeoutSeconds: number;
  signal: AbortSignal;
  onBatch?: (stats: BatchStats) => void;
  log?: (line: string) => void;
}

export const WAIT_TIME_SECONDS = 20;
export const MAX_MESSAGES = 10;

export async function runWorker(options: WorkerOptions): Promise<BatchStats> {
  const log = options.log ?? ((line: string) => console.error(line));
  const totals = emptyStats();
  const poll = async () => {
    let errors = 0;
    while (!options.signal.aborted) {
      let messages: Message[];
      try {
        const out = await options.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: options.queueUrl,
            WaitTimeSeconds: WAIT_TIME_SECONDS,
            MaxNumberOfMessages: MAX_MESSAGES,
            VisibilityTimeout: options.visibilityTimeoutSeconds,
            MessageSystemAttributeNames: ['SentTimestamp'],
          }),
          { abortSignal: options.signal },
        );
        messages = out.Messages ?? [];
        errors = 0;
      } catch (error) {
        if (options.signal.aborted) break;
        log(`worker: receive failed, retrying: ${describeError(error)}`);
        await sleep(backoffDelay(Math.min(errors++, 8), { ...DEFAULT_RETRY, capMs: 20_000 }));
        continue;
      }
      if (messages.length === 0) continue;
      // A batch in hand is finished even when a stop was asked for meanwhile.
      const result = await options.consume(messages.map(toConsumed), options.visibilityTimeoutSeconds * 1000);
      await deleteSucceeded(options, messages, new Set(result.failedMessageIds), log);
      add(totals, result.stats);
      options.onBatch?.(result.stats);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.pollers) }, poll));
  return totals;
}

function toConsumed(m: Message): ConsumedMessage {
  return { messageId: m.MessageId ?? '', body: m.Body ?? '', sentTimestamp: Number(m.Attributes?.SentTimestamp) || undefined };
}

async function deleteSucceeded(options: WorkerOptions, messages: Message[], failed: Set<string>, log: (line: string) => void): Promise<void> {
  const done = messages.filter((m) => !failed.has(m.MessageId ?? ''));
  if (done.length === 0) return;
  try {
    const out = await withRetry(() =>
      options.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: options.queueUrl, Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })) })),
    );
    // Not deleted means delivered again later; the dedupe record makes that a skip, not a duplicate.
    for (const f of out.Failed ?? []) log(`worker: could not delete message ${done[Number(f.Id)]?.MessageId}: ${f.Code} ${f.Message ?? ''}`);
  } catch (error) {
    log(`worker: could not delete ${done.length} stored messages (they come back and are skipped as duplicates): ${describeError(error)}`);
  }
}

export function add(totals: BatchStats, stats: BatchStats): void {
  for (const k of Object.keys(totals) as (keyof BatchStats)[]) totals[k] += stats[k];
}

/** One line of what the worker did since the last one. */
export function statsLine(s: BatchStats, seconds: number): string {
  const avgBytes = s.calls > 0 ? Math.round(s.bytes / s.calls / 1024) : 0;
  const avgEvents = s.calls > 0 ? Math.round(s.events / s.calls) : 0;
  return (
    `worker: ${s.events} events from ${s.messages} messages in ${Math.round(seconds)} s (${Math.round(s.events / Math.max(seconds, 0.001))}/s); ` +
    `${s.calls} PutLogEvents calls, avg ${avgBytes} KiB and ${avgEvents} events; ` +
    `duplicates ${s.duplicates}, busy ${s.busy}, poison ${s.poison}, failed ${s.failed}, invalid events ${s.invalidEvents}, refused ${s.refused}, retimed ${s.retimed}`
  );
}
