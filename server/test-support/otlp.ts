import generated from '@opentelemetry/otlp-transformer/build/src/generated/root';

/**
 * OTLP request bodies for tests. Well-formed protobuf comes from the generated encoder; hostile
 * shapes that the encoder itself cannot build (it recurses, so 10 000 levels overflow it) are
 * framed here by hand, one length-delimited field at a time.
 */

interface Encoder {
  encode(message: object): { finish(): Uint8Array };
}
interface ResponseDecoder {
  decode(bytes: Uint8Array): { toJSON(): { partialSuccess?: { rejectedLogRecords?: string | number; errorMessage?: string } } };
}
const proto = (generated as unknown as {
  opentelemetry: {
    proto: {
      collector: { logs: { v1: { ExportLogsServiceRequest: Encoder; ExportLogsServiceResponse: ResponseDecoder } } };
      logs: { v1: { LogRecord: Encoder; ResourceLogs: Encoder } };
    };
  };
}).opentelemetry.proto;

export type Attrs = Record<string, unknown>;
export const str = (stringValue: string) => ({ stringValue });
export const kv = (o: Attrs) => Object.entries(o).map(([key, value]) => ({ key, value }));

/** An OTLP/JSON (or protobuf-encodable) request: one resource, one scope, these records. */
export function logsRequest(records: unknown[], resource: Attrs = { 'service.name': str('otlp-test') }, scope = { name: 'test-scope' }): object {
  return { resourceLogs: [{ resource: { attributes: kv(resource) }, scopeLogs: [{ scope, logRecords: records }] }] };
}

export function encodeRequest(request: object): Uint8Array {
  return proto.collector.logs.v1.ExportLogsServiceRequest.encode(request).finish();
}

/** A protobuf ExportLogsServiceResponse as `{partialSuccess?: {rejectedLogRecords, errorMessage}}`. */
export function decodeResponse(bytes: Uint8Array): { partialSuccess?: { rejectedLogRecords: number; errorMessage: string } } {
  const { partialSuccess } = proto.collector.logs.v1.ExportLogsServiceResponse.decode(bytes).toJSON();
  if (!partialSuccess) return {};
  return { partialSuccess: { rejectedLogRecords: Number(partialSuccess.rejectedLogRecords ?? 0), errorMessage: partialSuccess.errorMessage ?? '' } };
}

export function encodeRecord(record: object): Uint8Array {
  return proto.logs.v1.LogRecord.encode(record).finish();
}

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
}

/** The tag and length of a length-delimited field (wire type 2). */
function header(num: number, length: number): number[] {
  return [...varint((num << 3) | 2), ...varint(length)];
}

/** One length-delimited field: tag, length, bytes. */
export function field(num: number, bytes: Uint8Array): Uint8Array {
  return concat([new Uint8Array(header(num, bytes.length)), bytes]);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * A LogRecord whose body is a kvlistValue nested `levels` deep. Each level only adds a prefix
 * (AnyValue.kvlist_value → KeyValueList.values → KeyValue{key, value}), so the prefixes are
 * computed inside out and joined once: building it stays linear in its size.
 */
export function deepRecord(levels: number): Uint8Array {
  const leaf = field(1, new TextEncoder().encode('leaf')); // AnyValue.string_value
  const key = field(1, new TextEncoder().encode('k')); // KeyValue.key
  const prefixes: Uint8Array[] = [];
  let size = leaf.length;
  for (let i = 0; i < levels; i++) {
    const keyValue = [...key, ...header(2, size)]; // KeyValue.value
    const keyValueSize = keyValue.length + size;
    const list = header(1, keyValueSize); // KeyValueList.values
    const any = header(6, list.length + keyValueSize); // AnyValue.kvlist_value
    prefixes.push(new Uint8Array([...any, ...list, ...keyValue]));
    size += any.length + list.length + keyValue.length;
  }
  return field(5, concat([...prefixes.reverse(), leaf])); // LogRecord.body
}

/** A request from already-encoded LogRecords: one resource with service.name, one scope. */
export function requestFromRecords(records: Uint8Array[], serviceName: string): Uint8Array {
  const resourceLogs = proto.logs.v1.ResourceLogs.encode({ resource: { attributes: kv({ 'service.name': str(serviceName) }) } }).finish();
  const scopeLogs = field(2, concat(records.map((r) => field(2, r)))); // ResourceLogs.scope_logs { log_records }
  return field(1, concat([resourceLogs, scopeLogs])); // ExportLogsServiceRequest.resource_logs
}

export interface StoredEvent {
  timestamp: number;
  log: string;
  logStream: string;
  message: string;
  fingerprint: string;
  fields: Record<string, unknown>;
}

/** Reads events back the way the console does (GET /api/events), newest first. */
export async function readEvents(url: string, cookie: string, source: string, limit = 1000): Promise<StoredEvent[]> {
  const res = await fetch(`${url}/api/events?limit=${limit}&source=${encodeURIComponent(source)}`, { headers: { cookie } });
  if (!res.ok) throw new Error(`GET /api/events answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { events: StoredEvent[] }).events;
}

/** A first admin for test servers, so tests can sign in and read events back. */
export const TEST_ADMIN = { email: 'otlp-admin@test.logline.dev', password: 'otlp-admin-password-1' };
export const TEST_ADMIN_ENV = { LOGLINE_ADMIN_EMAIL: TEST_ADMIN.email, LOGLINE_ADMIN_PASSWORD: TEST_ADMIN.password };
