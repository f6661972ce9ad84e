import type { ApiKeyStore } from '../auth/api-keys';
import type { LogBackend } from '../store/backend';
import { bodyFormat, parseBody, readBody, type LineError } from './body';
import { authenticate, errorResponse, json } from './edge';
import { ingest, type IngestStages } from './pipeline';

export interface IngestDeps {
  backend: LogBackend;
  keys: ApiKeyStore;
  maxBodyBytes: number;
  stages?: IngestStages;
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
    const key = authenticate(req.headers, deps.keys);
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
      deps.stages,
    );
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
