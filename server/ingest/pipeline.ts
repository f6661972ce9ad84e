import { toLogEvent, type LogEvent } from '@/lib/events';
import type { LogBackend } from '../store/backend';
import type { LineError } from './body';

export interface IngestInput {
  values: readonly unknown[];
  /** The producer's index of each value (defaults to its position). */
  indices?: readonly number[];
  /** Each value's original JSON text, when the edge has it. */
  texts?: readonly string[];
  /** Source bound to the API key, if any. */
  source?: string;
  /** Source for events that name none themselves. */
  defaultSource?: string;
  stream?: string;
  receivedAt?: number;
}

export interface IngestResult {
  accepted: number;
  errors: LineError[];
}

/** Sinks that see every accepted event after it is stored (tail hub, alerts); they must not block. */
export type EventSink = (events: readonly LogEvent[]) => void;

/**
 * The ingest pipeline shared by every edge (HTTP, OTLP, SQS consumer): validate and normalize each
 * value, store the good ones durably, then hand them to the sinks. Bad values fail alone.
 */
export async function ingest(backend: LogBackend, input: IngestInput, sinks: readonly EventSink[] = []): Promise<IngestResult> {
  const receivedAt = input.receivedAt ?? Date.now();
  const events: LogEvent[] = [];
  const errors: LineError[] = [];
  input.values.forEach((value, i) => {
    const r = toLogEvent(value, { source: input.source, defaultSource: input.defaultSource, stream: input.stream, receivedAt }, input.texts?.[i]);
    if (r.ok) events.push(r.event);
    else errors.push({ index: input.indices?.[i] ?? i, error: r.error });
  });
  await backend.append(events);
  for (const sink of sinks) sink(events);
  return { accepted: events.length, errors };
}
