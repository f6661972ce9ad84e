import { normalizeLevel } from '../normalize';
import { describeIssues, logRecordSchema, UndecodableLogRecord, type OtlpLogRecord, type OtlpLogsRequest } from './schema';
import { anyValue, budget, hexId, keyValueList, nanosToMillis, OtlpValueError, setKey } from './values';

/**
 * OTLP log records → plain event objects for the normal pipeline (`toLogEvent`), which then
 * normalizes, flattens, limits and fingerprints them like any JSON event. Pure: the HTTP edge and
 * the AWS ingest Lambda share it. The mapping is documented in the README ("OpenTelemetry").
 */

export interface OtlpMapOptions {
  /** Receive time (epoch ms): the event time when a record has neither time. */
  receivedAt: number;
}

export interface MappedLogs {
  /** One object per usable record, ready for `toLogEvent`. */
  values: Record<string, unknown>[];
  /** Each value's record index in the request (resourceLogs → scopeLogs → logRecords order). */
  indices: number[];
  errors: { index: number; error: string }[];
  /** Log records in the request. */
  total: number;
}

/**
 * Keys the pipeline reads to route or time an event. OTLP data never routes: an attribute or body
 * entry of one of these names is kept with a leading `_` (`stream` → `_stream`).
 */
const ROUTING_KEYS = new Set(['source', '@log', '@logStream', 'logStream', 'stream', '@timestamp']);

const LEVEL_BY_SEVERITY = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;

/** OTel severity numbers: 1-4 trace, 5-8 debug, 9-12 info, 13-16 warn, 17-20 error, 21-24 fatal. */
export function severityLevel(n: number): string | null {
  return Number.isInteger(n) && n >= 1 && n <= 24 ? LEVEL_BY_SEVERITY[Math.floor((n - 1) / 4)] : null;
}

/** `SEVERITY_NUMBER_WARN2` → 14: the enum's names, which some JSON encoders write instead of numbers. */
function severityNumber(v: number | string | null | undefined): number | null {
  if (typeof v === 'number') return v;
  const m = typeof v === 'string' ? /^SEVERITY_NUMBER_(TRACE|DEBUG|INFO|WARN|ERROR|FATAL)([234])?$/.exec(v) : null;
  if (!m) return null;
  const base = LEVEL_BY_SEVERITY.indexOf(m[1].toLowerCase() as (typeof LEVEL_BY_SEVERITY)[number]) * 4 + 1;
  return base + (m[2] ? Number(m[2]) - 1 : 0);
}

interface Scope {
  /** Fields every record of the scope and resource gets (`scope.*`, `resource.*`), in order. */
  shared: [string, unknown][];
  source?: string;
  stream?: string;
  /** Set when the resource or scope itself is unusable: every record in it is refused. */
  error?: string;
}

export function mapOtlpLogs(request: OtlpLogsRequest, options: OtlpMapOptions): MappedLogs {
  const out: MappedLogs = { values: [], indices: [], errors: [], total: 0 };
  for (const rl of request.resourceLogs ?? []) {
    const resource = resourceContext(rl.resource?.attributes);
    for (const sl of rl.scopeLogs ?? []) {
      const scope = scopeContext(resource, sl.scope);
      for (const raw of sl.logRecords ?? []) {
        const index = out.total++;
        const r = mapRecord(raw, scope, options);
        if (typeof r === 'string') out.errors.push({ index, error: r });
        else {
          out.values.push(r);
          out.indices.push(index);
        }
      }
    }
  }
  return out;
}

function resourceContext(attributes: unknown[] | null | undefined): Scope {
  try {
    const attrs = keyValueList(attributes, 1, budget());
    const str = (k: string) => (typeof attrs[k] === 'string' && attrs[k] !== '' ? (attrs[k] as string) : undefined);
    return {
      shared: Object.keys(attrs).map((k) => [`resource.${k}`, attrs[k]]),
      source: str('service.name'),
      stream: str('service.instance.id') ?? str('host.name'),
    };
  } catch (error) {
    return { shared: [], error: `resource attributes: ${errorText(error)}` };
  }
}

function scopeContext(resource: Scope, scope: { name?: string | null; version?: string | null; attributes?: unknown[] | null } | null | undefined): Scope {
  if (resource.error || !scope) return resource;
  try {
    const shared: [string, unknown][] = [];
    if (scope.name) shared.push(['scope.name', scope.name]);
    if (scope.version) shared.push(['scope.version', scope.version]);
    const attrs = keyValueList(scope.attributes, 1, budget());
    for (const k of Object.keys(attrs)) shared.push([`scope.${k}`, attrs[k]]);
    return { ...resource, shared: [...shared, ...resource.shared] };
  } catch (error) {
    return { ...resource, shared: [], error: `scope attributes: ${errorText(error)}` };
  }
}

/** One record → the event object, or the reason it is refused. */
function mapRecord(raw: unknown, scope: Scope, options: OtlpMapOptions): Record<string, unknown> | string {
  if (raw instanceof UndecodableLogRecord) return raw.reason;
  if (scope.error) return scope.error;
  const parsed = logRecordSchema.safeParse(raw);
  if (!parsed.success) return `not an OTLP log record: ${describeIssues(parsed.error)}`;
  try {
    return buildEvent(parsed.data, scope, options);
  } catch (error) {
    return errorText(error);
  }
}

function buildEvent(r: OtlpLogRecord, scope: Scope, options: OtlpMapOptions): Record<string, unknown> {
  const b = budget();
  const event: Record<string, unknown> = {};
  // Routing and time first; the pipeline takes them out of the fields. parseTimestamp tells epoch
  // units by magnitude, so only ms in its millisecond range (1973 to 5138) go as a number, which
  // skips formatting and parsing ISO text per record; any other time goes as ISO text.
  const ms = nanosToMillis(r.timeUnixNano) ?? nanosToMillis(r.observedTimeUnixNano) ?? options.receivedAt;
  event['@timestamp'] = ms >= 1e11 && ms < 1e14 ? ms : new Date(ms).toISOString();
  if (scope.source) event.source = scope.source;
  if (scope.stream) event['@logStream'] = scope.stream;

  // Then the fields people read and filter on, so they survive the 200-field cap.
  const body = anyValue(r.body, 1, b);
  if (typeof body === 'string') event.message = body;
  else if (typeof body === 'number' || typeof body === 'boolean') event.message = String(body);
  const severity = severityNumber(r.severityNumber);
  const level = (severity !== null ? severityLevel(severity) : null) ?? (r.severityText ? normalizeLevel(r.severityText) : null);
  if (level !== null) event.level = level;
  if (r.severityText) event['severity.text'] = r.severityText;
  if (severity) event['severity.number'] = severity;
  if (r.eventName) event.event = r.eventName;
  const traceId = hexId(r.traceId, 16, 'traceId');
  const spanId = hexId(r.spanId, 8, 'spanId');
  if (traceId) event['trace.id'] = traceId;
  if (spanId) event['span.id'] = spanId;

  // A structured body is the event itself, as if sent to /api/ingest; an array stays under `body`.
  if (Array.isArray(body)) put(event, 'body', body);
  else if (body !== null && typeof body === 'object') for (const k of Object.keys(body)) put(event, k, (body as Record<string, unknown>)[k]);
  const attrs = keyValueList(r.attributes, 1, b);
  for (const k of Object.keys(attrs)) put(event, k, attrs[k]);
  if (r.droppedAttributesCount) put(event, 'otel.droppedAttributesCount', r.droppedAttributesCount);
  for (const [k, v] of scope.shared) put(event, k, v);
  return event;
}

/** Adds a field; a name already taken (or a routing name) gets a leading `_` until it is free. */
function put(event: Record<string, unknown>, key: string, value: unknown): void {
  let name = ROUTING_KEYS.has(key) ? `_${key}` : key;
  while (Object.hasOwn(event, name)) name = `_${name}`;
  setKey(event, name, value);
}

function errorText(error: unknown): string {
  if (error instanceof OtlpValueError) return error.message;
  if (error instanceof RangeError) return 'the record is nested too deeply to read; flatten it before sending';
  throw error;
}
