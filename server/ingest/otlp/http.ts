import { mapOtlpLogs, parseLogsRequest, type OtlpLogsRequest } from '@/lib/events/otlp';
import { IngestError, readBody, type LineError } from '../body';
import { isNotEnqueued, type NotEnqueuedError } from '../delivery';
import { authenticate, errorResponse } from '../edge';
import type { IngestDeps } from '../http';
import { decodeLogsRequest, encodeLogsResponse } from './proto';

/**
 * `POST /v1/logs`: OTLP/HTTP logs, so any OpenTelemetry SDK or Collector exports to Logline with
 * its stock exporter. Same key check, body limits, delivery and backpressure as /api/ingest;
 * the answers follow OTLP: 200 with an ExportLogsServiceResponse in the request's encoding, with
 * `partialSuccess` when records were refused, 429/503 with Retry-After so exporters back off.
 * An exporter can only resend a whole request, so when SQS took part of one (AWS mode) the records
 * it did not take are refused in `partialSuccess` rather than a 503 that would store the rest twice;
 * when it took none, 503 (a resend duplicates nothing).
 */

type Encoding = 'json' | 'protobuf';

const PROTOBUF_TYPES = new Set(['application/x-protobuf', 'application/protobuf']);

/** Refusals named in `partialSuccess.errorMessage`; the count covers the rest. */
const MAX_LISTED_ERRORS = 10;

function encodingOf(contentType: string | null): Encoding {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/json') return 'json';
  if (PROTOBUF_TYPES.has(type)) return 'protobuf';
  throw new IngestError(415, `unsupported content type "${type || '(none)'}": OTLP/HTTP sends application/x-protobuf or application/json`);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decode(buf: Buffer, encoding: Encoding): OtlpLogsRequest {
  let doc: unknown;
  if (encoding === 'protobuf') {
    try {
      doc = decodeLogsRequest(buf);
    } catch (error) {
      throw new IngestError(400, `the protobuf body is not an ExportLogsServiceRequest (${(error as Error).message}); check that it is complete`);
    }
  } else {
    try {
      doc = JSON.parse(utf8.decode(buf));
    } catch (error) {
      throw new IngestError(400, `malformed JSON: ${(error as Error).message}`);
    }
  }
  const parsed = parseLogsRequest(doc);
  if (!parsed.ok) throw new IngestError(400, parsed.error);
  return parsed.request;
}

export async function handleOtlpLogs(req: Request, deps: IngestDeps): Promise<Response> {
  try {
    const key = await authenticate(req.headers, deps.keys);
    const encoding = encodingOf(req.headers.get('content-type'));
    const buf = await readBody(req.body, req.headers, deps.maxBodyBytes);
    const receivedAt = Date.now();
    const mapped = mapOtlpLogs(decode(buf, encoding), { receivedAt });
    let result;
    try {
      result = await deps.deliver({
        values: mapped.values,
        indices: mapped.indices,
        source: key.source ?? undefined,
        defaultSource: req.headers.get('x-logline-source') ?? undefined,
        stream: req.headers.get('x-logline-stream') ?? undefined,
        receivedAt,
      });
    } catch (error) {
      if (isNotEnqueued(error) && error.accepted > 0) return notQueuedExport(encoding, error, mapped.errors, mapped.total);
      throw error;
    }
    const errors = [...mapped.errors, ...result.errors].sort((a, b) => a.index - b.index);
    return exportResponse(encoding, errors, mapped.total);
  } catch (error) {
    return errorResponse(error);
  }
}

/** Part of the request was queued: the records that were not are refused, with why and what resending would do. */
function notQueuedExport(encoding: Encoding, error: NotEnqueuedError, parseErrors: readonly LineError[], total: number): Response {
  const refused = [...parseErrors, ...error.errors].sort((a, b) => a.index - b.index);
  const n = error.notEnqueued.length;
  const head = `${n} of ${total} log records could not be queued (${error.notEnqueued[0]?.error ?? 'SQS refused them'}) and are not stored; resending this request would store the other ${error.accepted} twice`;
  const errors = [...refused, ...error.notEnqueued].sort((a, b) => a.index - b.index);
  return exportResponse(encoding, errors, total, refused.length > 0 ? `${head}. ${describe(refused, total)}` : `${head}.`);
}

/** 200 with an ExportLogsServiceResponse: empty when all was stored, else `partialSuccess`. */
function exportResponse(encoding: Encoding, errors: readonly LineError[], total: number, message = describe(errors, total)): Response {
  const partialSuccess = errors.length > 0 ? { rejectedLogRecords: errors.length, errorMessage: message } : undefined;
  if (encoding === 'protobuf') {
    return new Response(new Uint8Array(encodeLogsResponse(partialSuccess)), { status: 200, headers: { 'content-type': 'application/x-protobuf' } });
  }
  return Response.json(partialSuccess ? { partialSuccess } : {}, { status: 200 });
}

function describe(errors: readonly LineError[], total: number): string {
  const listed = errors.slice(0, MAX_LISTED_ERRORS).map((e) => `record ${e.index}: ${e.error}`);
  const more = errors.length > MAX_LISTED_ERRORS ? `; and ${errors.length - MAX_LISTED_ERRORS} more` : '';
  return `${errors.length} of ${total} log records were refused; the others were stored. ${listed.join('; ')}${more}`;
}
