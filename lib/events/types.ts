/** A flattened field value. Objects and arrays never appear here: they are flattened to dot paths. */
export type FieldValue = string | number | boolean | null;

/** Flattened fields keyed by dot path. Always created with a null prototype (see `createFields`). */
export type Fields = Record<string, FieldValue>;

/** One event as the pipeline produces it and every backend stores it (see ARCHITECTURE.md, "Events"). */
export interface LogEvent {
  /** When it happened, epoch ms. */
  timestamp: number;
  /** When Logline accepted it, epoch ms. */
  ingestionTime: number;
  /** Log group: the source (`api`, `web`, …). */
  log: string;
  /** Stream inside the source. */
  logStream: string;
  /** The raw line; for structured events the normalized JSON. */
  message: string;
  /** Flattened, normalized fields (at most MAX_FIELDS). */
  fields: Fields;
  /** Hash of the message template: repeats of one error share it. */
  fingerprint: string;
}

/** Where an event came from, decided by the ingest edge rather than the event body. */
export interface EventContext {
  /** Source bound to the API key, if any: it wins over a `source` field in the event. */
  source?: string;
  /** Source used when neither the key nor the event names one (e.g. a CLI flag). */
  defaultSource?: string;
  /** Stream named by the edge (e.g. a header), used when the event names none. */
  stream?: string;
  /** Receive time, epoch ms. */
  receivedAt: number;
}

export type EventResult = { ok: true; event: LogEvent } | { ok: false; error: string };

export function createFields(): Fields {
  return Object.create(null) as Fields;
}
