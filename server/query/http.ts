// Input schemas and error answers shared by the query routes (app/api/query, app/api/fields).
import { z } from 'zod';
import type { Span } from '@/lib/query';
import { ParseFailure, toQueryError, type QueryError } from '@/lib/query/errors';
import { isQueryEngineError } from '@/server/store/duckdb/query/errors';

/** 10 000 characters: StartQuery's limit on a query string. */
export const MAX_QUERY_LENGTH = 10_000;

const epochMs = z.coerce.number().int().min(0).max(8.64e15);

export const queryBody = z.object({
  query: z.string().min(1).max(MAX_QUERY_LENGTH),
  start: epochMs,
  end: epochMs,
  sources: z.array(z.string().min(1).max(512)).max(50).optional(),
}).refine((b) => b.end >= b.start, { message: 'end must not be before start', path: ['end'] });

/**
 * The longest range a saved query or dashboard panel runs over (90 days). Viewers reach these runs
 * and each one scans (in AWS mode: is billed by the byte), so a range from 1970 is refused.
 */
export const MAX_RUN_RANGE_MS = 90 * 86_400_000;

/** The body of a saved-query or panel run: a range of at most MAX_RUN_RANGE_MS. */
export const runRange = z
  .object({ start: epochMs, end: epochMs })
  .refine((b) => b.end >= b.start, { message: 'end must not be before start', path: ['end'] })
  .refine((b) => b.end - b.start <= MAX_RUN_RANGE_MS, { message: 'a run covers at most 90 days (each run scans every event in its range); pick a shorter range', path: ['start'] });

const rangeParams = z.object({
  start: epochMs,
  end: epochMs,
  source: z.array(z.string().min(1).max(512)).max(50).default([]),
}).refine((b) => b.end >= b.start, { message: 'end must not be before start', path: ['end'] });

/** A time range and sources from a GET's query string: `start`, `end`, and `source` repeated. */
export function parseRangeParams(url: URL) {
  return rangeParams.safeParse({
    start: url.searchParams.get('start') ?? undefined,
    end: url.searchParams.get('end') ?? undefined,
    source: url.searchParams.getAll('source'),
  });
}

export const valuesParams = z.object({
  name: z.string().min(1).max(1000),
  limit: z.coerce.number().int().min(1).max(1000).default(10),
});

/** A positioned query error, as the query editor shows it. */
export function queryErrorResponse(error: QueryError, kind = 'syntax'): Response {
  const { message, line, column, expected, excerpt } = error;
  return Response.json({ error: message, kind, line, column, expected: expected ?? [], excerpt }, { status: 400 });
}

function positioned(text: string, message: string, span?: Span): QueryError | { message: string } {
  return span ? toQueryError(text, new ParseFailure(message, span.start, span.end)) : { message };
}

/** An engine error as an HTTP answer: status, JSON body and headers (Retry-After). */
export interface EngineErrorAnswer {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

const RETRY_STATUS = { throttled: 429, unavailable: 503 } as const;

/**
 * Engine errors: 400 (invalid, AWS-only), 504 (timeout), 499 (client went away), 429/503 with
 * Retry-After (CloudWatch quota or outage), 502 (CloudWatch failed the query); others rethrown.
 */
export function engineErrorAnswer(error: unknown, text: string): EngineErrorAnswer {
  if (!isQueryEngineError(error)) throw error;
  const plain = (status: number, headers: Record<string, string> = {}): EngineErrorAnswer => ({ status, body: { error: error.message, kind: error.kind }, headers });
  switch (error.kind) {
    case 'timeout':
      return plain(504);
    case 'cancelled':
      return plain(499);
    case 'failed':
      return plain(502);
    case 'throttled':
    case 'unavailable':
      return { ...plain(RETRY_STATUS[error.kind], { 'Retry-After': String(error.retryAfterSeconds ?? 5) }), body: { error: error.message, kind: error.kind, retryAfterSeconds: error.retryAfterSeconds ?? 5 } };
    default: {
      const where = positioned(text, error.message, error.span);
      if (!('line' in where)) return plain(400);
      const { message, line, column, expected, excerpt } = where;
      return { status: 400, body: { error: message, kind: error.kind, line, column, expected: expected ?? [], excerpt }, headers: {} };
    }
  }
}

export function engineErrorResponse(error: unknown, text: string): Response {
  const { status, body, headers } = engineErrorAnswer(error, text);
  return Response.json(body, { status, headers });
}

export function zodError(error: z.ZodError): Response {
  return Response.json({ error: `bad request: ${error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}` }, { status: 400 });
}
