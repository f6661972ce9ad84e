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

/** What /api/health reports about the store. */
export interface StoreHealth {
  /** Local mode: events stored. */
  events?: number;
  /** AWS mode: whether CloudWatch Logs answers, and Logline's log groups there. */
  cloudwatch?: { reachable: boolean; where: string; logGroups?: number; storedBytes?: number; error?: string };
}

/** AWS mode: a free guess of what a query would scan, before it runs. */
export interface ScanEstimate {
  /** Stored bytes of the chosen log groups that fall in the range (CloudWatch stores compressed). */
  storedBytes: number;
  /** What scanning that much costs at `pricePerGb`; scans read uncompressed bytes, so usually more. */
  estimatedCostUsd: number;
  pricePerGb: number;
  logGroups: number;
}

/**
 * The only thing the rest of the server knows about storage. Local (DuckDB) and AWS (CloudWatch)
 * modes differ only behind it. Query methods join it with the query engine.
 */
export interface LogBackend {
  /** Resolves once the events are durably committed; rejects with `QueueFullError` under overload. */
  append(events: LogEvent[]): Promise<void>;
  /** Events stored; null when counting would need a billed scan (CloudWatch). */
  count(): Promise<number | null>;
  sources(): Promise<string[]>;
  latest(options: LatestOptions): Promise<StoredEvent[]>;
  /** Runs a Logs Insights query over the range and sources (all when empty); see lib/query/SEMANTICS.md. */
  query(query: Query, range: TimeRange, sources?: string[], options?: QueryOptions): Promise<QueryResult>;
  /** Fields present in the range, with type and frequency (counted on a sample when the range is large). */
  fields(range: TimeRange, sources?: string[], options?: QueryOptions): Promise<FieldsResult>;
  /** The most frequent values of one field in the range. */
  values(field: string, range: TimeRange, sources?: string[], limit?: number, options?: QueryOptions): Promise<ValueCount[]>;
  /** For /api/health: never throws, answers within seconds. */
  health(): Promise<StoreHealth>;
  /** AWS mode only: what a query over the range would scan, estimated for free. */
  estimate?(range: TimeRange, sources?: string[]): Promise<ScanEstimate>;
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
