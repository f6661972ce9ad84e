import { createFields, flatten, type Fields, type FieldValue, type LogEvent } from '@/lib/events';

/**
 * The `@message` Logline writes to CloudWatch Logs, and how to read one back. Pure (no I/O), shared
 * by the writer (consumer) and the console's CloudWatch backend.
 *
 * Logs Insights discovers fields from a JSON message by itself, naming nested keys with dots and
 * keeping a dot that is part of a key (AWS's own example: `{"Attributes": {"EC2.InstanceId": …}}` is
 * discovered as `Attributes.EC2.InstanceId`). So a flat JSON object keyed by our flattened names —
 * `{"user.id": "42", "items.0.id": "a", "level": "error"}` — is discovered under exactly the names
 * the local engine uses, with the normalized values and types, and needs no unflattening (which
 * would be ambiguous: `a` and `a.b` may both be fields). See ARCHITECTURE.md, decisions.
 *
 * - A structured event: `{"@fingerprint": "…", <field>: <value>, …}` in the pipeline's field order.
 *   The fingerprint goes first so that Insights' 200-field extraction always keeps it.
 * - An event without fields (a plain-text line, or `{}`): its `message` as it is.
 */
export const FINGERPRINT_KEY = '@fingerprint';

/** Field names the writer adds; an event field of the same name is kept as `_<name>`. */
const RESERVED = new Set([FINGERPRINT_KEY]);

export function cloudWatchMessage(event: Pick<LogEvent, 'fields' | 'fingerprint' | 'message'>, extra?: Fields): string {
  const out: Record<string, FieldValue> = { [FINGERPRINT_KEY]: event.fingerprint };
  let any = false;
  for (const name in event.fields) {
    out[RESERVED.has(name) ? `_${name}` : name] = event.fields[name];
    any = true;
  }
  if (extra) {
    for (const name in extra) {
      out[name] = extra[name];
      any = true;
    }
  }
  return any ? JSON.stringify(out) : event.message;
}

export interface DecodedMessage {
  fields: Fields;
  /** The fingerprint stored with the event, or null for a message Logline did not write. */
  fingerprint: string | null;
}

/**
 * The fields of a `@message` read back from CloudWatch (GetLogEvents, FilterLogEvents, GetLogRecord).
 * A message Logline wrote decodes to the fields it was written from; any other JSON object is
 * flattened like an ingested event; anything else (a text line) has no fields.
 */
export function decodeCloudWatchMessage(message: string): DecodedMessage {
  const first = message.charCodeAt(0);
  if (first !== 0x7b /* { */) return { fields: createFields(), fingerprint: null };
  let doc: unknown;
  try {
    doc = JSON.parse(message);
  } catch {
    return { fields: createFields(), fingerprint: null };
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return { fields: createFields(), fingerprint: null };
  const obj = doc as Record<string, unknown>;
  const fingerprint = typeof obj[FINGERPRINT_KEY] === 'string' ? (obj[FINGERPRINT_KEY] as string) : null;
  const fields = createFields();
  for (const key in obj) {
    if (key === FINGERPRINT_KEY && fingerprint !== null) continue;
    const value = obj[key];
    // Logline's own messages are flat; a nested value comes from another writer and is flattened like an event.
    if (value === null || typeof value !== 'object') fields[key] = value as FieldValue;
    else Object.assign(fields, flatten({ [key]: value }).fields);
  }
  return { fields, fingerprint };
}
