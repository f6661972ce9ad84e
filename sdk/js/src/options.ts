import type { DeliveryProblem } from './delivery';
import { DEFAULT_REPEAT_GUARD, DEFAULT_REPEAT_GUARD_NODE, type RepeatGuardOptions } from './guard';
import { DEFAULT_RETRY, type RetryOptions } from './retry';
import { isBrowser } from './runtime';

export type Level = 'debug' | 'info' | 'warn' | 'error';
export type Fields = Record<string, unknown>;

export interface LoggerOptions {
  /** Logline's address (`https://logs.example.com`, the SDK adds `/api/ingest`) or the full ingest URL. */
  url: string;
  /** An ingest key. In a browser use a key bound to the app's source (Admin → API keys). */
  key: string;
  /** The source (`@log`) for events; a source-bound key overrides it. */
  source?: string;
  /** The stream (`@logStream`), e.g. an instance or app version. */
  stream?: string;
  /** Fields added to every event (`{app: {version: '4.12.1'}}`). */
  fields?: Fields;
  /** Calls below this level are ignored. Default `debug`. */
  minLevel?: Level;
  /** Events per request; a full batch is sent at once. Default 1 000. */
  batchSize?: number;
  /** How long an event may wait for its batch (ms). Default 1 000. */
  flushIntervalMs?: number;
  /** Events buffered while the server is unreachable; beyond it they are dropped and counted. Default 10 000. */
  maxBufferEvents?: number;
  /** Largest request body before compression (characters). Default 1 000 000. */
  maxBatchBytes?: number;
  /** Longest string kept in a message or field; the rest is cut. Default 8 192. */
  maxStringLength?: number;
  /** Largest event (bytes of JSON); a bigger one keeps its message and loses its fields. Default 32 768. */
  maxEventBytes?: number;
  /** Per request (ms). Default 30 000. */
  requestTimeoutMs?: number;
  /** Gzip request bodies where CompressionStream exists. Default true. */
  compress?: boolean;
  retry?: Partial<RetryOptions>;
  /** The re-render guard (see README); `false` turns it off. Node folds identical repeats only, unless `burst` is set. */
  repeats?: Partial<RepeatGuardOptions> | false;
  /** Browser: send what is buffered when the page hides; `false` turns it off. */
  unload?: Partial<UnloadOptions> | false;
  /** Overrides the automatic `session.id`. */
  sessionId?: string;
  /** Origins (besides the page's own) whose requests `logger.fetch` gives an `x-request-id`. */
  propagateTo?: Array<string | RegExp>;
  /** Told about every delivery problem (refused batches, drops); never thrown. */
  onError?: (problem: DeliveryProblem) => void;
  /** The fetch used to send (default: the global one at send time). */
  fetch?: typeof fetch;
}

export interface UnloadOptions {
  /** `fetch` (keepalive, the key in a header) or `beacon` (sendBeacon, the key in `?key=`: source-bound keys only). */
  transport: 'fetch' | 'beacon';
  /** Bytes sent at page hide: browsers allow 64 KiB of keepalive requests in flight per page. Default 60 000. */
  maxBytes: number;
  /** What does not fit is kept in sessionStorage for the next page of the tab, up to this (characters). Default 500 000. */
  persistBytes: number;
}

export const DEFAULT_UNLOAD: UnloadOptions = { transport: 'fetch', maxBytes: 60_000, persistBytes: 500_000 };

export interface ResolvedOptions {
  ingestUrl: string;
  key: string;
  source?: string;
  stream?: string;
  fields: Fields;
  minRank: number;
  batchSize: number;
  flushIntervalMs: number;
  maxBufferEvents: number;
  maxBatchBytes: number;
  maxStringLength: number;
  maxEventBytes: number;
  requestTimeoutMs: number;
  compress: boolean;
  retry: RetryOptions;
  repeats: RepeatGuardOptions | null;
  unload: UnloadOptions | null;
  sessionId?: string;
  propagateTo: Array<string | RegExp>;
  onError?: (problem: DeliveryProblem) => void;
  fetch?: typeof fetch;
}

export const LEVEL_RANK: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new TypeError(`logline: options.${name} must be a positive number (got ${String(value)})`);
  return value;
}

/** Checks options once, at createLogger: a mistake here throws; nothing after it ever does. */
export function resolveOptions(o: LoggerOptions): ResolvedOptions {
  if (!o || typeof o !== 'object') throw new TypeError('logline: createLogger needs {url, key}');
  if (typeof o.key !== 'string' || o.key.trim() === '') throw new TypeError('logline: options.key must be an ingest key (Admin → API keys)');
  if (typeof o.url !== 'string' || o.url.trim() === '') throw new TypeError('logline: options.url must be Logline’s address, e.g. https://logs.example.com');
  let url: URL;
  try {
    url = new URL(o.url, isBrowser ? window.location.href : undefined);
  } catch {
    throw new TypeError(`logline: options.url "${o.url}" is not a URL; give an absolute one like https://logs.example.com`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError(`logline: options.url must be http(s), not ${url.protocol}`);
  if (!/\/api\/ingest\/?$/.test(url.pathname)) url.pathname = `${url.pathname.replace(/\/+$/, '')}/api/ingest`;
  const minLevel = o.minLevel ?? 'debug';
  if (!(minLevel in LEVEL_RANK)) throw new TypeError(`logline: options.minLevel must be one of ${Object.keys(LEVEL_RANK).join(', ')}`);
  const retry = { ...DEFAULT_RETRY, ...o.retry };
  const repeats = o.repeats === false ? null : { ...(isBrowser ? DEFAULT_REPEAT_GUARD : DEFAULT_REPEAT_GUARD_NODE), ...o.repeats };
  return {
    ingestUrl: url.href,
    key: o.key.trim(),
    source: o.source,
    stream: o.stream,
    fields: o.fields ?? {},
    minRank: LEVEL_RANK[minLevel],
    batchSize: Math.floor(positive('batchSize', o.batchSize, 1000)),
    flushIntervalMs: positive('flushIntervalMs', o.flushIntervalMs, 1000),
    maxBufferEvents: Math.floor(positive('maxBufferEvents', o.maxBufferEvents, 10_000)),
    maxBatchBytes: positive('maxBatchBytes', o.maxBatchBytes, 1_000_000),
    maxStringLength: Math.floor(positive('maxStringLength', o.maxStringLength, 8192)),
    maxEventBytes: positive('maxEventBytes', o.maxEventBytes, 32_768),
    requestTimeoutMs: positive('requestTimeoutMs', o.requestTimeoutMs, 30_000),
    compress: o.compress ?? true,
    retry: { ...retry, maxAttempts: Math.floor(positive('retry.maxAttempts', retry.maxAttempts, DEFAULT_RETRY.maxAttempts)) },
    repeats,
    unload: o.unload === false ? null : { ...DEFAULT_UNLOAD, ...o.unload },
    sessionId: o.sessionId,
    propagateTo: o.propagateTo ?? [],
    onError: o.onError,
    fetch: o.fetch,
  };
}
