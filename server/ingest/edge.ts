import type { ApiKey } from '../auth/api-keys';
import { presentedKey } from '../auth/key-hash';
import { isQueueFull } from '../store/backend';
import { bodyFormat, IngestError, type BodyFormat, type LineError } from './body';
import { isNotEnqueued, type NotEnqueuedError } from './delivery';

/**
 * What every HTTP ingest edge (`/api/ingest`, OTLP `/v1/logs`, in the console or the ingest
 * Lambda) does the same way: the API-key check and the answer to a failure, so producers see one
 * behaviour whichever door they use.
 */

/** Finds the ingest key a request presents: the console's key store, or the Lambda's DynamoDB mirror. */
export interface IngestKeys {
  verify(presented: string | null, kind: 'ingest'): ApiKey | null | Promise<ApiKey | null>;
}

/** The ingest key a request presents, or a 401 saying how to send one. */
export async function authenticate(headers: Headers, keys: IngestKeys): Promise<ApiKey> {
  const key = await keys.verify(presentedKey(headers), 'ingest');
  if (!key) throw new IngestError(401, 'missing or unknown API key: send it as "Authorization: Bearer <key>" or "x-api-key"');
  return key;
}

/**
 * Browsers' `navigator.sendBeacon` can set neither headers nor (without a CORS preflight, which a
 * page being unloaded may not get) a JSON content type, so a beacon carries its key in `?key=` and
 * its NDJSON as `text/plain`. URLs end up in proxy access logs, so only a key bound to one source is
 * accepted there: that key already ships inside the page's JavaScript and can only add events to
 * its own source. Unbound keys (including LOGLINE_INGEST_KEY) and personal tokens are refused.
 */
export const BEACON_KEY_PARAM = 'key';

export interface IngestAuth {
  key: ApiKey;
  /** The key came from the URL (a sendBeacon request): a text/plain body is NDJSON. */
  beacon: boolean;
}

/** The ingest key of a request: from its headers, else (beacons) from `?key=` when source-bound. */
export async function authenticateIngest(req: Request, keys: IngestKeys): Promise<IngestAuth> {
  const fromUrl = presentedKey(req.headers) ? null : new URL(req.url).searchParams.get(BEACON_KEY_PARAM);
  if (fromUrl === null) return { key: await authenticate(req.headers, keys), beacon: false };
  const key = await keys.verify(fromUrl, 'ingest');
  if (!key) throw new IngestError(401, 'unknown API key in ?key=: check the key, or send it as "Authorization: Bearer <key>"');
  if (key.source === null) {
    throw new IngestError(401, 'a key in the URL must be bound to a source (URLs end up in access logs): create a key for one source under Admin → API keys, or send this key as "Authorization: Bearer <key>"');
  }
  return { key, beacon: true };
}

/** The body format; a beacon's text/plain body is NDJSON (see BEACON_KEY_PARAM). */
export function ingestBodyFormat(contentType: string | null, beacon: boolean): BodyFormat {
  const format = bodyFormat(contentType);
  return beacon && format === 'text' ? 'ndjson' : format;
}

/**
 * CORS for browser producers (the SDK posts from the app's origin). Any origin may send: ingest
 * is authorized by the key alone, never by cookies, so `*` gives a foreign page nothing it could
 * not do with the key anyway. Retry-After is exposed so the SDK can honour it.
 */
const CORS_HEADERS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'retry-after',
};

/** The answer to a CORS preflight (`OPTIONS`); browsers cache it for up to two hours. */
export function corsPreflight(): Response {
  return new Response(null, {
    status: 204,
    headers: {
      ...CORS_HEADERS,
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'authorization, x-api-key, content-type, content-encoding, x-logline-source, x-logline-stream',
      'access-control-max-age': '7200',
    },
  });
}

/** The response with CORS headers added. */
export function withCors(res: Response): Response {
  for (const [name, value] of Object.entries(CORS_HEADERS)) res.headers.set(name, value);
  return res;
}

/**
 * A failure as a response: `IngestError` keeps its status, a full write queue is 429 and any
 * other store failure 503, all with `Retry-After` so SDKs and OpenTelemetry exporters back off.
 * Events SQS did not take (AWS mode) are a 503 naming them (`notQueuedResponse`).
 */
export function errorResponse(error: unknown): Response {
  if (isQueueFull(error)) {
    return json(429, { error: 'Logline is busy writing; retry after the delay in Retry-After' }, { 'retry-after': String(error.retryAfterSeconds) });
  }
  if (isNotEnqueued(error)) return notQueuedResponse(error, []);
  if (error instanceof IngestError) {
    const headers: Record<string, string> = error.retryAfterSeconds ? { 'retry-after': String(error.retryAfterSeconds) } : {};
    return json(error.status, { error: error.message }, headers);
  }
  console.error('ingest failed', error);
  return json(503, { error: 'the store could not take the events; retry later' }, { 'retry-after': '5' });
}

/** Errors listed in an answer; `rejected` gives the count of all. */
export const MAX_LISTED_ERRORS = 100;

/**
 * SQS took part of a request (AWS mode). What it took cannot be taken back, so the answer says
 * exactly what to send again: `retry` lists the indices not queued as ranges `[first, last]`
 * (complete, never cut; invalid events are not in it), `errors` the invalid ones as in a 400.
 * A producer that resends only `retry` stores every event once; resending the whole body would
 * store the `accepted` ones twice. `parseErrors` are the lines the edge could not read.
 */
export function notQueuedResponse(error: NotEnqueuedError, parseErrors: readonly LineError[]): Response {
  const { accepted, notEnqueued } = error;
  const errors = [...parseErrors, ...error.errors].sort((a, b) => a.index - b.index);
  const total = accepted + errors.length + notEnqueued.length;
  const refused = errors.length > 0 ? `, ${errors.length} were refused (see "errors")` : '';
  return json(
    503,
    {
      error: `${notEnqueued.length} of ${total} events could not be queued (${notEnqueued[0]?.error ?? 'SQS refused them'}); after Retry-After, send only the events listed in "retry" again (index ranges, both ends included): ${accepted} were accepted${refused}.`,
      accepted,
      rejected: errors.length,
      errors: errors.slice(0, MAX_LISTED_ERRORS),
      retry: indexRanges(notEnqueued.map((e) => e.index)),
      notQueued: notEnqueued.length,
    },
    { 'retry-after': String(error.retryAfterSeconds) },
  );
}

/** Indices as sorted `[first, last]` runs of consecutive ones: [0, 1, 2, 5] → [[0, 2], [5, 5]]. */
export function indexRanges(indices: readonly number[]): [number, number][] {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && last[1] === i - 1) last[1] = i;
    else out.push([i, i]);
  }
  return out;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}
