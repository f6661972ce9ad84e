import generated from '@opentelemetry/otlp-transformer/build/src/generated/root';
import { UndecodableLogRecord } from '@/lib/events/otlp';

/**
 * OTLP protobuf through the official definitions: the protobufjs code that OpenTelemetry JS
 * generated from opentelemetry-proto (shipped in @opentelemetry/otlp-transformer 0.211.0, the last
 * release that carries request decoders; later releases only serialize). Nothing here parses the
 * wire format by hand.
 */

/** The protobufjs reader position; generated decoders take it with the length of a nested message. */
interface Reader {
  pos: number;
  len: number;
}
type Decode = (reader: Reader | Uint8Array, length?: number, error?: number) => unknown;
interface Codec {
  decode: Decode;
  encode(message: object): { finish(): Uint8Array };
}
interface GeneratedRoot {
  opentelemetry: {
    proto: {
      logs: { v1: { LogRecord: Codec } };
      collector: { logs: { v1: { ExportLogsServiceRequest: Codec; ExportLogsServiceResponse: Codec } } };
    };
  };
}

// The package types its root only as a protobufjs Root; these are the three messages we use.
const root = generated as unknown as GeneratedRoot;
const { LogRecord } = root.opentelemetry.proto.logs.v1;
const { ExportLogsServiceRequest, ExportLogsServiceResponse } = root.opentelemetry.proto.collector.logs.v1;

const GUARDED = Symbol.for('logline.otlp.guardedLogRecordDecode');

/**
 * Generated decoders recurse once per nesting level, so a kvlistValue nested a few thousand
 * levels deep overflows the stack and would fail the whole request. ScopeLogs' decoder reads each
 * record through `LogRecord.decode` (looked up on the root at call time), so wrapping it confines
 * the failure to that record: when the record's own framing is intact, the reader skips to its end
 * and the record becomes an `UndecodableLogRecord`, refused alone (partial success). A record whose
 * framing runs past the body (a truncated request) still fails the request.
 */
function guardLogRecordDecode(): void {
  const original = LogRecord.decode as Decode & { [GUARDED]?: true };
  if (original[GUARDED]) return; // the module may be evaluated once per Next.js bundle
  const guarded: Decode & { [GUARDED]?: true } = function (this: unknown, reader, length, error) {
    if (length === undefined || reader instanceof Uint8Array) return original.call(this, reader, length, error);
    const end = reader.pos + length;
    try {
      return original.call(this, reader, length, error);
    } catch (e) {
      if (end > reader.len) throw e;
      reader.pos = end;
      return new UndecodableLogRecord(
        e instanceof RangeError && /call stack/i.test(e.message)
          ? 'the record is nested too deeply to decode (at most 64 levels are kept); flatten it before sending'
          : `the record could not be decoded: ${(e as Error).message}`,
      );
    }
  };
  guarded[GUARDED] = true;
  LogRecord.decode = guarded;
}
guardLogRecordDecode();

/** Decodes an ExportLogsServiceRequest; throws when the body is not one (truncated, not protobuf). */
export function decodeLogsRequest(body: Uint8Array): unknown {
  return ExportLogsServiceRequest.decode(body);
}

/** An ExportLogsServiceResponse; empty when every record was accepted. */
export function encodeLogsResponse(partialSuccess?: { rejectedLogRecords: number; errorMessage: string }): Uint8Array {
  return ExportLogsServiceResponse.encode(partialSuccess ? { partialSuccess } : {}).finish();
}
