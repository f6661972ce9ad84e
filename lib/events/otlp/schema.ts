import { z } from 'zod';

/**
 * The shape of an OTLP logs export request, checked at the boundary. One schema serves both
 * encodings: OTLP/JSON (`JSON.parse` output: int64 as number or decimal text, ids as hex) and
 * protobuf messages decoded by protobufjs (int64 as `Long`, ids and bytes as `Uint8Array`, unset
 * fields `null`). AnyValues (bodies, attribute values) stay `unknown` here: they can nest without
 * bound, so `values.ts` walks them with a depth and size budget instead of a recursive schema.
 */

/** protobufjs decodes 64-bit integers into `Long` objects (two 32-bit halves). */
const long = z.object({ low: z.number().int(), high: z.number().int(), unsigned: z.boolean().optional() });

/** A 64-bit integer as either encoding carries it. */
export const int64 = z.union([z.number(), z.string().regex(/^-?\d{1,20}$/, 'expected a decimal integer'), long]);
export type Int64 = z.infer<typeof int64>;

/** Trace and span ids: hex text in OTLP/JSON, bytes in protobuf. */
const id = z.union([z.string().max(64), z.instanceof(Uint8Array)]);

/** Attribute lists: each `{key, value}` is checked while it is converted (see values.ts). */
const keyValues = z.array(z.unknown()).nullish();

export const logRecordSchema = z.object({
  timeUnixNano: int64.nullish(),
  observedTimeUnixNano: int64.nullish(),
  /** An integer; the enum's names (`SEVERITY_NUMBER_WARN`) are accepted too. */
  severityNumber: z.union([z.number().int(), z.string().max(40)]).nullish(),
  severityText: z.string().nullish(),
  body: z.unknown().optional(),
  attributes: keyValues,
  droppedAttributesCount: z.number().int().nonnegative().nullish(),
  flags: z.number().int().nullish(),
  traceId: id.nullish(),
  spanId: id.nullish(),
  eventName: z.string().nullish(),
});
export type OtlpLogRecord = z.infer<typeof logRecordSchema>;

const scopeLogsSchema = z.object({
  scope: z.object({ name: z.string().nullish(), version: z.string().nullish(), attributes: keyValues }).nullish(),
  /** Records are checked one by one, so one bad record is refused alone (partial success). */
  logRecords: z.array(z.unknown()).nullish(),
});

const resourceLogsSchema = z.object({
  resource: z.object({ attributes: keyValues, droppedAttributesCount: z.number().int().nonnegative().nullish() }).nullish(),
  scopeLogs: z.array(scopeLogsSchema).nullish(),
});

export const logsRequestSchema = z.object({ resourceLogs: z.array(resourceLogsSchema).nullish() });
export type OtlpLogsRequest = z.infer<typeof logsRequestSchema>;

/**
 * Stands in for a log record that a decoder could not read although its framing was intact (for
 * example protobuf nested too deeply to decode); the mapping refuses it with `reason` and keeps
 * the others. Only decoders create it: a JSON body can never produce a class instance.
 */
export class UndecodableLogRecord {
  constructor(readonly reason: string) {}
}

export type ParsedRequest = { ok: true; request: OtlpLogsRequest } | { ok: false; error: string };

/** Checks the envelope of a decoded request; a failure here means the whole body is unusable. */
export function parseLogsRequest(doc: unknown): ParsedRequest {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    return { ok: false, error: 'the body is not an OTLP ExportLogsServiceRequest (expected an object with "resourceLogs")' };
  }
  const parsed = logsRequestSchema.safeParse(doc);
  if (!parsed.success) return { ok: false, error: `the body is not an OTLP ExportLogsServiceRequest: ${describeIssues(parsed.error)}` };
  // A body with keys but no resourceLogs is almost always snake_case JSON (`resource_logs`), which
  // OTLP/JSON does not allow; saying so beats answering "0 records accepted".
  if (parsed.data.resourceLogs == null && Object.keys(doc).length > 0) {
    return { ok: false, error: 'no "resourceLogs" in the body; OTLP/JSON field names are lowerCamelCase ("resourceLogs", "logRecords")' };
  }
  return { ok: true, request: parsed.data };
}

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}
