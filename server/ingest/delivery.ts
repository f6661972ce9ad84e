import { toLogEvent } from '@/lib/events';
import type { LogBackend } from '../store/backend';
import type { QueueProducer } from '../sqs/producer';
import { IngestError, type LineError } from './body';
import { ingest, type IngestInput, type IngestResult, type IngestStages } from './pipeline';

/**
 * Where an edge's parsed, validated input goes. Local mode runs the pipeline into the store; AWS
 * mode validates the same way and enqueues the valid values to SQS for the consumer. Either way
 * the answer is per event: the valid ones are taken, the failing indices listed.
 */
export type Delivery = (input: IngestInput) => Promise<IngestResult>;

/** Local mode: the pipeline, committed to the store before the edge answers. */
export function localDelivery(backend: Pick<LogBackend, 'append'>, stages?: IngestStages): Delivery {
  return (input) => ingest(backend, input, stages);
}

/**
 * Some valid events were not queued this time (the others were, and cannot be taken back: SQS has
 * no transaction across messages). The edge answers 503 naming exactly those to send again, apart
 * from the invalid ones (`errors`), so a producer that follows it stores each event once.
 */
export class NotEnqueuedError extends Error {
  readonly code = 'LOGLINE_NOT_ENQUEUED';
  constructor(
    readonly accepted: number,
    readonly errors: LineError[],
    readonly notEnqueued: LineError[],
    readonly retryAfterSeconds = 5,
  ) {
    super(`${notEnqueued.length} events could not be queued`);
  }
}

/** By code, not `instanceof`: Next.js bundles route handlers with their own copy of this module. */
export function isNotEnqueued(error: unknown): error is NotEnqueuedError {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'LOGLINE_NOT_ENQUEUED';
}

/**
 * AWS mode: each value is checked exactly as the consumer's pipeline will check it (the same
 * `toLogEvent`), so producers get the same per-event answers as in local mode, then the valid
 * ones are enqueued with the edge's context. Resolves only once SQS accepted every message.
 */
export function queueDelivery(producer: QueueProducer | null): Delivery {
  return async (input) => {
    if (!producer) throw new IngestError(503, 'ingest is not set up: in AWS mode set LOGLINE_QUEUE_URL to the ingest queue', 30);
    const receivedAt = input.receivedAt ?? Date.now();
    const ctx = { source: input.source, defaultSource: input.defaultSource, stream: input.stream, receivedAt };
    const errors: LineError[] = [];
    const items = [];
    for (let i = 0; i < input.values.length; i++) {
      const index = input.indices?.[i] ?? i;
      const text = input.texts?.[i];
      const r = toLogEvent(input.values[i], ctx, text);
      if (r.ok) items.push({ index, value: input.values[i], text });
      else errors.push({ index, error: r.error });
    }
    const report = await producer.enqueue(ctx, items);
    for (const index of report.tooLarge) {
      errors.push({ index, error: `event is larger than an SQS message on this queue (${producer.maxMessageBytes} bytes with its envelope); split it` });
    }
    // SenderFault: SQS will never take that message; the event is refused like an invalid one, not retried.
    for (const f of report.refused) errors.push({ index: f.index, error: `SQS refused the message holding it (${f.error})` });
    if (report.notEnqueued.length > 0) throw new NotEnqueuedError(report.enqueued, errors, report.notEnqueued.map((f) => ({ index: f.index, error: `not queued: ${f.error}` })));
    // The storm guard samples in the consumer, after the queue: nothing is sampled at this edge.
    return { accepted: report.enqueued, sampled: 0, errors };
  };
}
