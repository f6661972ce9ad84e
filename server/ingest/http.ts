import { parseBody, readBody, type LineError } from './body';
import type { Delivery } from './delivery';
import { isNotEnqueued } from './delivery';
import { authenticateIngest, errorResponse, ingestBodyFormat, json, MAX_LISTED_ERRORS, notQueuedResponse, type IngestKeys } from './edge';

/** What an ingest edge needs, in the console (either mode) and in the ingest Lambda alike. */
export interface IngestDeps {
  keys: IngestKeys;
  maxBodyBytes: number;
  /** The local pipeline (`localDelivery`) or the SQS queue (`queueDelivery`). */
  deliver: Delivery;
}

/**
 * `POST /api/ingest`: a JSON object, a JSON array, NDJSON or text lines, optionally gzip. Answers
 * 202 `{accepted}` only after the events are committed (local) or enqueued (AWS); 400 lists the
 * events that failed while the valid ones in the batch are kept; 503 with `retry` (AWS mode)
 * names the events SQS did not take, to send again alone.
 */
export async function handleIngest(req: Request, deps: IngestDeps): Promise<Response> {
  try {
    const { key, beacon } = await authenticateIngest(req, deps.keys);
    const format = ingestBodyFormat(req.headers.get('content-type'), beacon);
    const buf = await readBody(req.body, req.headers, deps.maxBodyBytes);
    const parsed = parseBody(buf, format);
    const result = await deps
      .deliver({
        values: parsed.values,
        indices: parsed.indices,
        texts: parsed.texts,
        source: key.source ?? undefined,
        defaultSource: req.headers.get('x-logline-source') ?? undefined,
        stream: req.headers.get('x-logline-stream') ?? undefined,
      })
      .catch((error: unknown) => {
        if (isNotEnqueued(error)) return notQueuedResponse(error, parsed.errors);
        throw error;
      });
    if (result instanceof Response) return result;
    const errors = [...parsed.errors, ...result.errors].sort((a, b) => a.index - b.index);
    // `sampled`: accepted events the storm guard left out, each counted on a kept one (logline.represents).
    const sampled = result.sampled > 0 ? { sampled: result.sampled } : {};
    if (errors.length === 0) return json(202, { accepted: result.accepted, ...sampled });
    return json(allOversize(errors) && result.accepted === 0 ? 413 : 400, {
      error: `${errors.length} of ${errors.length + result.accepted} events were refused; the others were accepted`,
      accepted: result.accepted,
      ...sampled,
      rejected: errors.length,
      errors: errors.slice(0, MAX_LISTED_ERRORS),
    });
  } catch (error) {
    return errorResponse(error);
  }
}

function allOversize(errors: readonly LineError[]): boolean {
  return errors.every((e) => e.error.includes('larger than'));
}
