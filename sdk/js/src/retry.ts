import type { ProblemKind } from './delivery';

/** How a batch is retried: exponential backoff with full jitter, honouring Retry-After. */
export interface RetryOptions {
  /** Attempts per batch (the first one included) before its events are dropped and counted. */
  maxAttempts: number;
  /** First backoff ceiling (ms); it doubles per attempt… */
  baseDelayMs: number;
  /** …up to this (ms). */
  maxDelayMs: number;
  /** Longest Retry-After obeyed (ms); a larger one is cut to this. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxAttempts: 10, baseDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 300_000 };

/** What came back from one POST (or the network error instead). */
export interface Answer {
  status: number;
  retryAfter: string | null;
  body: string;
}

export type Outcome =
  | { kind: 'delivered'; status: number; rejected: number; message: string }
  | { kind: 'refused'; status: number; problem: ProblemKind; message: string }
  | {
      kind: 'retry';
      status?: number;
      retryAfter: string | null;
      message: string;
      /**
       * AWS mode, SQS took part of the batch: the only lines to send again (by position), and how
       * many others were refused for good. Absent: send the whole batch again.
       */
      resend?: { lines: number[]; rejected: number };
    };

/** Statuses that mean "try again later"; every other 4xx will not change by retrying. */
const RETRYABLE = new Set([408, 425, 429, 500, 502, 503, 504]);

export function classify(answer: Answer | Error): Outcome {
  if (answer instanceof Error) return { kind: 'retry', retryAfter: null, message: `network error: ${answer.message}` };
  const { status } = answer;
  const error = errorText(answer.body);
  if (status >= 200 && status < 300) return { kind: 'delivered', status, rejected: 0, message: '' };
  if (status === 400) {
    // The valid events of the batch are stored; only the listed ones were refused.
    const rejected = rejectedCount(answer.body);
    if (rejected !== null) return { kind: 'delivered', status, rejected, message: error ?? 'some events were refused' };
    return { kind: 'refused', status, problem: 'rejected', message: error ?? 'the batch was refused (400)' };
  }
  if (RETRYABLE.has(status) || status > 504) {
    const resend = status === 503 ? resendList(answer.body) : undefined;
    return { kind: 'retry', status, retryAfter: answer.retryAfter, message: error ?? `the server answered ${status}`, ...(resend ? { resend } : {}) };
  }
  if (status === 401 || status === 403) return { kind: 'refused', status, problem: 'unauthorized', message: error ?? 'the ingest key was refused; check options.key' };
  if (status === 413) return { kind: 'refused', status, problem: 'too-large', message: error ?? 'the batch is too large; lower maxBatchBytes' };
  return { kind: 'refused', status, problem: 'rejected', message: error ?? `the server answered ${status}; check options.url` };
}

function parse(body: string): Record<string, unknown> | null {
  try {
    const doc: unknown = JSON.parse(body);
    return doc !== null && typeof doc === 'object' ? (doc as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function errorText(body: string): string | null {
  const error = parse(body)?.error;
  return typeof error === 'string' ? error : null;
}

/** Most lines a batch can have: a `retry` list naming more is not from Logline. */
const MAX_LINES = 1_000_000;

/**
 * The 503 `retry` list (`[[first, last], …]`, both ends included) as line positions; undefined
 * when the body has none or it is not well formed (then the whole batch is sent again).
 */
function resendList(body: string): { lines: number[]; rejected: number } | undefined {
  const doc = parse(body);
  const ranges = doc?.retry;
  if (!Array.isArray(ranges)) return undefined;
  const lines: number[] = [];
  for (const r of ranges) {
    if (!Array.isArray(r) || r.length !== 2 || !Number.isInteger(r[0]) || !Number.isInteger(r[1])) return undefined;
    const [first, last] = r as [number, number];
    if (first < 0 || last < first || lines.length + last - first >= MAX_LINES) return undefined;
    for (let i = first; i <= last; i++) lines.push(i);
  }
  return { lines, rejected: rejectedCount(body) ?? 0 };
}

function rejectedCount(body: string): number | null {
  const rejected = parse(body)?.rejected;
  return typeof rejected === 'number' && Number.isFinite(rejected) && rejected >= 0 ? rejected : null;
}

/** Retry-After (seconds or an HTTP date) as a delay, plus up to 10 % jitter (≤ 1 s) so clients spread out. */
export function retryAfterMs(header: string | null, options: RetryOptions, now = Date.now(), random = Math.random): number | null {
  if (header === null) return null;
  const text = header.trim();
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(text)) ms = Number(text) * 1000;
  else {
    const at = Date.parse(text);
    if (Number.isNaN(at)) return null;
    ms = Math.max(0, at - now);
  }
  ms = Math.min(ms, options.maxRetryAfterMs);
  return ms + random() * Math.min(1000, ms * 0.1);
}

/** Full jitter: a random delay up to base·2^(attempt-1), capped (attempt counts from 1). */
export function backoffDelay(attempt: number, options: RetryOptions, random = Math.random): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(1, random() * ceiling);
}
