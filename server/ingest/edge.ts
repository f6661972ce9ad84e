import type { ApiKey } from '../auth/api-keys';
import { presentedKey } from '../auth/key-hash';
import { isQueueFull } from '../store/backend';
import { bodyFormat, IngestError, type BodyFormat } from './body';
import { isNotEnqueued } from './delivery';

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
 * Events SQS did not take (AWS mode) are 503 too, naming them: nothing is acknowledged that was
 * not enqueued.
 */
export function errorResponse(error: unknown): Response {
  if (isQueueFull(error)) {
    return json(429, { error: 'Logline is busy writing; retry after the delay in Retry-After' }, { 'retry-after': String(error.retryAfterSeconds) });
  }
  if (isNotEnqueued(error)) {
    const { accepted, errors, notEnqueued } = error;
    const all = [...errors, ...notEnqueued].sort((a, b) => a.index - b.index);
    return json(
      503,
      {
        error: `${notEnqueued.length} of ${accepted + errors.length + notEnqueued.length} events could not be queued (${notEnqueued[0]?.error ?? 'SQS refused them'}); send them again after Retry-After. ${accepted} were accepted.`,
        accepted,
        rejected: all.length,
        errors: all.slice(0, 100),
      },
      { 'retry-after': String(error.retryAfterSeconds) },
    );
  }
  if (error instanceof IngestError) {
    const headers: Record<string, string> = error.retryAfterSeconds ? { 'retry-after': String(error.retryAfterSeconds) } : {};
    return json(error.status, { error: error.message }, headers);
  }
  console.error('ingest failed', error);
  return json(503, { error: 'the store could not take the events; retry later' }, { 'retry-after': '5' });
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}
