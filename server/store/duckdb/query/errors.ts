// Errors the query engines report to users. Each maps to one HTTP answer (engineErrorResponse in
// server/query/http.ts): `invalid` and `aws-only` are 400s, `timeout` a 504, `cancelled` a 499;
// CloudWatch adds `throttled` (429), `unavailable` (503), both with Retry-After, and `failed` (502).
import type { Span } from '@/lib/query';

export type QueryEngineErrorKind = 'invalid' | 'aws-only' | 'timeout' | 'cancelled' | 'throttled' | 'unavailable' | 'failed';

export class QueryEngineError extends Error {
  readonly code = 'LOGLINE_QUERY_ERROR';
  constructor(
    readonly kind: QueryEngineErrorKind,
    message: string,
    /** Where in the query text the problem is, when the AST node carried a span. */
    readonly span?: Span,
    /** For `throttled` and `unavailable`: when trying again makes sense. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'QueryEngineError';
  }
}

/**
 * Recognizes a QueryEngineError by its code, not `instanceof`: Next.js bundles route handlers with
 * their own copy of this module (the same reason as isQueueFull in ../backend.ts).
 */
export function isQueryEngineError(error: unknown): error is QueryEngineError {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'LOGLINE_QUERY_ERROR';
}

/** The query is well-formed but means something the engine cannot evaluate (bad argument, scope). */
export function invalid(message: string, span?: Span): QueryEngineError {
  return new QueryEngineError('invalid', message, span);
}

/**
 * A documented feature that needs CloudWatch itself (lookup tables, ML anomaly detection, data
 * protection, cross-account sources). Refused loudly: never a silently different result.
 */
export function awsOnly(what: string, span?: Span): QueryEngineError {
  return new QueryEngineError(
    'aws-only',
    `${what} runs in AWS mode only (LOGLINE_MODE=aws, queried by CloudWatch Logs Insights); the local engine cannot evaluate it`,
    span,
  );
}
