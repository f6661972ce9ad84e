import type { ApiKey } from '../auth/api-keys';
import { presentedKey } from '../auth/key-hash';
import { isQueueFull } from '../store/backend';
import { IngestError } from './body';
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
