import type { ApiKeyStore } from '../auth/api-keys';
import { presentedKey } from '../auth/api-keys';
import { isQueueFull, type LogBackend } from '../store/backend';
import { bodyFormat, IngestError, parseBody, readBody, type LineError } from './body';
import { ingest, type EventSink } from './pipeline';

export interface IngestDeps {
  backend: LogBackend;
  keys: ApiKeyStore;
  maxBodyBytes: number;
  sinks?: readonly EventSink[];
}

/** Errors listed in a 400 answer; the count of the rest is given. */
const MAX_LISTED_ERRORS = 100;

/**
 * `POST /api/ingest`: a JSON object, a JSON array, NDJSON or text lines, optionally gzip. Answers
 * 202 `{accepted}` only after the events are committed; 400 lists the events that failed while the
 * valid ones in the batch are kept.
 */
export async function handleIngest(req: Request, deps: IngestDeps): Promise<Response> {
  try {
    const key = deps.keys.verify(presentedKey(req.headers));
    if (!key) throw new IngestError(401, 'missing or unknown API key: send it as "Authorization: Bearer <key>" or "x-api-key"');
    const format = bodyFormat(req.headers.get('content-type'));
    const buf = await readBody(req.body, req.headers, deps.maxBodyBytes);
    const parsed = parseBody(buf, format);
    const result = await ingest(
      deps.backend,
      {
        values: parsed.values,
        indices: parsed.indices,
        texts: parsed.texts,
        source: key.source ?? undefined,
        defaultSource: req.headers.get('x-logline-source') ?? undefined,
        stream: req.headers.get('x-logline-stream') ?? undefined,
      },
      deps.sinks,
    );
    const errors = [...parsed.errors, ...result.errors].sort((a, b) => a.index - b.index);
    if (errors.length === 0) return json(202, { accepted: result.accepted });
    return json(allOversize(errors) && result.accepted === 0 ? 413 : 400, {
      error: `${errors.length} of ${errors.length + result.accepted} events were refused; the others were accepted`,
      accepted: result.accepted,
      rejected: errors.length,
      errors: errors.slice(0, MAX_LISTED_ERRORS),
    });
  } catch (error) {
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
}

function allOversize(errors: readonly LineError[]): boolean {
  return errors.every((e) => e.error.includes('larger than'));
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}
