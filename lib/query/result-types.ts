// What a query, a field listing and a value listing return, in both modes (LogBackend).

/** A cell of a query result: CloudWatch returns text; we keep numbers and booleans typed. */
export type ResultValue = string | number | boolean | null;

export interface QueryStatistics {
  /** Events left after the filters (what stats aggregated, or what a limit cut down). */
  recordsMatched: number;
  /** Events in the time range and sources. */
  recordsScanned: number;
  /** Estimated bytes of @message scanned (see server/store/duckdb/query/execute.ts); CloudWatch's own figure in AWS mode. */
  bytesScanned: number;
  /** AWS mode: what CloudWatch bills for the bytes scanned, in US dollars (LOGLINE_INSIGHTS_PRICE_PER_GB). */
  estimatedCostUsd?: number;
}

export interface QueryResult {
  /** Columns to display, in order. Whole-event rows carry every field too, for expanding a row. */
  fields: string[];
  rows: Array<Record<string, ResultValue>>;
  statistics: QueryStatistics;
}

export interface TimeRange {
  /** Epoch ms, inclusive. */
  start: number;
  end: number;
}

export interface QueryOptions {
  /** Interrupts the query after this long (default 30 s locally, 5 min on CloudWatch). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** AWS mode: the results so far while CloudWatch runs the query (rows may still change). */
  onPartial?: (result: QueryResult) => void;
  /** AWS mode: the query is waiting before it runs, and why. */
  onQueued?: (wait: QueryWait) => void;
}

/**
 * Why an AWS-mode query has not started: behind others in the console's own queue
 * (LOGLINE_INSIGHTS_MAX_CONCURRENT at once; position 1 runs next), or CloudWatch refused it
 * because the account's concurrent-query quota is in use, and it is retried.
 */
export type QueryWait = { reason: 'console-queue'; position: number } | { reason: 'account-quota'; retryInMs: number };

export type FieldType = 'string' | 'number' | 'boolean' | 'mixed';

export interface FieldInfo {
  name: string;
  type: FieldType;
  /** Events (of those examined) that have the field. */
  count: number;
  /** count / events examined, 0–1. */
  frequency: number;
}

export interface FieldsResult {
  fields: FieldInfo[];
  /** AWS mode: fields come from CloudWatch's sample of this window (GetLogGroupFields), not the whole range. */
  window?: TimeRange;
  /** Events examined: all events in the range, or a sample when there are more than `sampleSize`. */
  examined: number;
  /** Events in the range and sources. */
  total: number;
  sampled: boolean;
}

export interface ValueCount {
  value: ResultValue;
  count: number;
}
