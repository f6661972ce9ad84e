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

export const rangeParams = z.object({
  start: epochMs,
  end: epochMs,
  source: z.array(z.string().min(1).max(512)).max(50).default([]),
}).refine((b) => b.end >= b.start, { message: 'end must not be before start', path: ['end'] });

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

/** Engine errors: 400 (invalid, AWS-only), 504 (timeout), 499 (client went away); others rethrown. */
export function engineErrorResponse(error: unknown, text: string): Response {
  if (!isQueryEngineError(error)) throw error;
  if (error.kind === 'timeout') return Response.json({ error: error.message, kind: 'timeout' }, { status: 504 });
  if (error.kind === 'cancelled') return Response.json({ error: error.message, kind: 'cancelled' }, { status: 499 });
  const where = positioned(text, error.message, error.span);
  if ('line' in where) return queryErrorResponse(where, error.kind);
  return Response.json({ error: error.message, kind: error.kind }, { status: 400 });
}

export function zodError(error: z.ZodError): Response {
  return Response.json({ error: `bad request: ${error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}` }, { status: 400 });
}
