import type { FieldValue, LogEvent } from '@/lib/events';
import type { Query } from '@/lib/query';
import type { FieldsResult, QueryOptions, QueryResult, TimeRange, ValueCount } from './query-result';

export type * from './query-result';

/** An event as read back from a store: the system fields plus every flattened field. */
export interface StoredEvent {
  timestamp: number;
  ingestionTime: number;
  log: string;
  logStream: string;
  message: string;
  fingerprint: string;
  fields: Record<string, FieldValue>;
}

export interface LatestOptions {
  limit: number;
  sources?: string[];
  /** Only events strictly older than this (epoch ms), for paging back. */
  before?: number;
}

/**
 * The only thing the rest of the server knows about storage. Local (DuckDB) and AWS (CloudWatch)
 * modes differ only behind it. Query methods join it with the query engine.
 */
export interface LogBackend {
  /** Resolves once the events are durably committed; rejects with `QueueFullError` under overload. */
  append(events: LogEvent[]): Promise<void>;
  count(): Promise<number>;
  sources(): Promise<string[]>;
  latest(options: LatestOptions): Promise<StoredEvent[]>;
  /** Runs a Logs Insights query over the range and sources (all when empty); see lib/query/SEMANTICS.md. */
  query(query: Query, range: TimeRange, sources?: string[], options?: QueryOptions): Promise<QueryResult>;
  /** Fields present in the range, with type and frequency (counted on a sample when the range is large). */
  fields(range: TimeRange, sources?: string[], options?: QueryOptions): Promise<FieldsResult>;
  /** The most frequent values of one field in the range. */
  values(field: string, range: TimeRange, sources?: string[], limit?: number, options?: QueryOptions): Promise<ValueCount[]>;
  close(): Promise<void>;
}

/** The write queue is full: the caller should answer 429 and the producer retry later. */
export class QueueFullError extends Error {
  readonly code = 'LOGLINE_QUEUE_FULL';
  constructor(readonly retryAfterSeconds: number) {
    super('the write queue is full; retry later');
  }
}

/**
 * Recognizes a QueueFullError by its code, not `instanceof`: Next.js bundles route handlers with
 * their own copy of this module, so the class that threw may not be the class the route imported.
 */
export function isQueueFull(error: unknown): error is QueueFullError {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'LOGLINE_QUEUE_FULL';
}
