import type { ApiKey, ApiKeyStore } from '../auth/api-keys';
import { presentedKey } from '../auth/api-keys';
import { isQueueFull } from '../store/backend';
import { IngestError } from './body';

/**
 * What every HTTP ingest edge (`/api/ingest`, OTLP `/v1/logs`) does the same way: the API-key
 * check and the answer to a failure, so producers see one behaviour whichever door they use.
 */

/** The ingest key a request presents, or a 401 saying how to send one. */
export function authenticate(headers: Headers, keys: ApiKeyStore): ApiKey {
  const key = keys.verify(presentedKey(headers), 'ingest');
  if (!key) throw new IngestError(401, 'missing or unknown API key: send it as "Authorization: Bearer <key>" or "x-api-key"');
  return key;
}

/**
 * A failure as a response: `IngestError` keeps its status, a full write queue is 429 and any
 * other store failure 503, both with `Retry-After` so SDKs and OpenTelemetry exporters back off.
 */
export function errorResponse(error: unknown): Response {
  if (isQueueFull(error)) {
    return json(429, { error: 'Logline is busy writing; retry after the delay in Retry-After' }, { 'retry-after': String(error.retryAfterSeconds) });
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
