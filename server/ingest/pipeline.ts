import { toLogEvent, type LogEvent } from '@/lib/events';
import type { LogBackend } from '../store/backend';
import type { LineError } from './body';

export interface IngestInput {
  values: readonly unknown[];
  /** The producer's index of each value (defaults to its position). */
  indices?: readonly number[];
  /** Each value's original JSON text, when the edge has it. */
  texts?: readonly (string | undefined)[];
  /** Source bound to the API key, if any. */
  source?: string;
  /** Source for events that name none themselves. */
  defaultSource?: string;
  stream?: string;
  receivedAt?: number;
}

export interface IngestResult {
  /** Valid events: stored, or sampled out by the guard and counted on a kept event. */
  accepted: number;
  /** Of those, left out by the guard (storm sampling): each is represented by a kept event. */
  sampled: number;
  errors: LineError[];
}

/** What the pipeline needs of a store: the LogBackend's `append` (the SQS consumer collects into the CloudWatch writer). */
export type EventStore = Pick<LogBackend, 'append'>;

/** Sinks that see every accepted event after it is stored (tail hub, alerts); they must not block. */
export type EventSink = (events: readonly LogEvent[]) => void;

/**
 * A step between normalization and the store that may keep fewer events than it is given (the
 * storm guard); every event it leaves out must be counted somewhere the user can see.
 */
export type EventGuard = (events: LogEvent[]) => LogEvent[];

/** What runs around the store for every edge; built once per process (`Services.ingestStages`). */
export interface IngestStages {
  guard?: EventGuard;
  sinks?: readonly EventSink[];
}

/**
 * Values normalized between two yields to the event loop: a 1 000-event batch costs ~12 ms of
 * CPU, and without yielding every request that arrives meanwhile (a small batch, a page) waits
 * behind it. Measured with bench/storm.ts: a flood of big batches no longer sets everyone's latency.
 */
const YIELD_EVERY = 250;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The ingest pipeline shared by every edge (HTTP, OTLP, SQS consumer): validate and normalize each
 * value, pass them through the guard, store them durably, then hand them to the sinks. Bad values
 * fail alone.
 */
export async function ingest(backend: EventStore, input: IngestInput, stages: IngestStages = {}): Promise<IngestResult> {
  const receivedAt = input.receivedAt ?? Date.now();
  const events: LogEvent[] = [];
  const errors: LineError[] = [];
  const context = { source: input.source, defaultSource: input.defaultSource, stream: input.stream, receivedAt };
  for (let i = 0; i < input.values.length; i++) {
    if (i > 0 && i % YIELD_EVERY === 0) await yieldToEventLoop();
    const r = toLogEvent(input.values[i], context, input.texts?.[i]);
    if (r.ok) events.push(r.event);
    else errors.push({ index: input.indices?.[i] ?? i, error: r.error });
  }
  const kept = stages.guard ? stages.guard(events) : events;
  await backend.append(kept);
  for (const sink of stages.sinks ?? []) sink(kept);
  return { accepted: events.length, sampled: events.length - kept.length, errors };
}
