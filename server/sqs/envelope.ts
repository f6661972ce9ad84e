import { z } from 'zod';
import type { IngestInput } from '../ingest/pipeline';
import type { LineError } from '../ingest/body';

/**
 * The SQS message body every producer sends (ingest Lambda, console in AWS mode, backends with the
 * SDK) and the consumer reads: raw events plus what the edge knew about them. The consumer runs
 * the whole pipeline, so producers send events exactly as they have them. Documented in README
 * ("AWS mode"). Version 1:
 *
 * ```json
 * {"v":1,"receivedAt":1763640000000,"source":"web","defaultSource":"api","stream":"i-1",
 *  "events":[{"level":"info","message":"hi"},"a plain text line"],
 *  "lines":["{\"level\":\"warn\",\"userId\":42}"]}
 * ```
 *
 * - `events`: JSON objects (one event each) or strings (plain-text lines).
 * - `lines`: events as JSON text, e.g. NDJSON lines as received; parsed by the consumer, and the
 *   text is the event's `@message` as sent (local mode does the same), at no extra size.
 * - `receivedAt` (epoch ms): when the edge took the events; defaults to the SQS SentTimestamp.
 * - `source`: forces `@log` (an API key bound to a source); `defaultSource`: `@log` for events that
 *   name none; `stream`: `@logStream` for events that name none.
 */
export const ENVELOPE_VERSION = 1;

const name = z.string().min(1).max(512);

export const envelopeSchema = z.strictObject({
  v: z.literal(ENVELOPE_VERSION),
  receivedAt: z.number().int().nonnegative().optional(),
  source: name.optional(),
  defaultSource: name.optional(),
  stream: name.optional(),
  events: z.array(z.unknown()).optional(),
  lines: z.array(z.string()).optional(),
});

export type Envelope = z.infer<typeof envelopeSchema>;
export type EnvelopeContext = Omit<Envelope, 'v' | 'events' | 'lines'>;

export type ParsedEnvelope = { ok: true; envelope: Envelope } | { ok: false; error: string };

/** A message body as an envelope, or why it is not one (the message is then poison). */
export function parseEnvelope(body: string): ParsedEnvelope {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (error) {
    return { ok: false, error: `the message body is not JSON (${(error as Error).message})` };
  }
  const parsed = envelopeSchema.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `the message body is not a Logline envelope v${ENVELOPE_VERSION}: ${issue.path.join('.') || '(root)'}: ${issue.message}` };
  }
  return { ok: true, envelope: parsed.data };
}

/**
 * What the pipeline takes from an envelope: `events` then `lines`, indexed in that order, with the
 * lines that are not JSON listed as errors (they fail alone, like a bad NDJSON line).
 */
export function envelopeInput(envelope: Envelope, sentTimestamp?: number): { input: IngestInput; errors: LineError[] } {
  const events = envelope.events ?? [];
  const values: unknown[] = [...events];
  const indices = events.map((_, i) => i);
  const texts: (string | undefined)[] = events.map(() => undefined);
  const errors: LineError[] = [];
  (envelope.lines ?? []).forEach((line, i) => {
    try {
      values.push(JSON.parse(line));
      texts.push(line);
      indices.push(events.length + i);
    } catch (error) {
      errors.push({ index: events.length + i, error: `malformed JSON: ${(error as Error).message}` });
    }
  });
  return {
    input: {
      values,
      indices,
      texts,
      source: envelope.source,
      defaultSource: envelope.defaultSource,
      stream: envelope.stream,
      receivedAt: envelope.receivedAt ?? sentTimestamp,
    },
    errors,
  };
}

/**
 * SQS accepts only XML characters (#x9 #xA #xD #x20–#xD7FF #xE000–#xFFFD #x10000–#x10FFFF).
 * JSON.stringify already escapes control characters and lone surrogates; U+FFFE and U+FFFF it
 * leaves raw, and they can only occur inside JSON strings, so escaping them keeps the same value.
 */
export function sqsSafe(json: string): string {
  return /[\uFFFE\uFFFF]/.test(json) ? json.replace(/\uFFFE/g, '\\ufffe').replace(/\uFFFF/g, '\\uffff') : json;
}

export interface PackedEnvelope {
  body: string;
  /** UTF-8 bytes of the body: what SQS counts. */
  bytes: number;
  /** The producer's index of each event in it, for answering per event. */
  indices: number[];
}

export interface EnvelopeItem {
  index: number;
  value: unknown;
  /** The event's JSON text as received, when the edge has it: sent in `lines` instead of the value. */
  text?: string;
}

/**
 * Packs events into as few envelopes as fit `maxBytes` each, in order. An event too large for an
 * envelope on its own is returned in `tooLarge` (its index) rather than sent.
 */
export function packEnvelopes(context: EnvelopeContext, items: readonly EnvelopeItem[], maxBytes: number): { envelopes: PackedEnvelope[]; tooLarge: number[] } {
  const head = sqsSafe(JSON.stringify({ v: ENVELOPE_VERSION, ...context })).slice(0, -1);
  // `{…head,"events":[` + events + `],"lines":[` + lines + `]}`: the fixed part, counted once.
  const fixed = Buffer.byteLength(head, 'utf8') + Buffer.byteLength(',"events":[],"lines":[]}', 'utf8');
  const envelopes: PackedEnvelope[] = [];
  const tooLarge: number[] = [];
  let events: string[] = [];
  let lines: string[] = [];
  let indices: number[] = [];
  let bytes = fixed;
  const flush = () => {
    if (indices.length === 0) return;
    const parts = [head];
    if (events.length > 0) parts.push(`,"events":[${events.join(',')}]`);
    if (lines.length > 0) parts.push(`,"lines":[${lines.join(',')}]`);
    const body = `${parts.join('')}}`;
    envelopes.push({ body, bytes: Buffer.byteLength(body, 'utf8'), indices });
    events = [];
    lines = [];
    indices = [];
    bytes = fixed;
  };
  const encode = (value: unknown) => sqsSafe(JSON.stringify(value) ?? 'null');
  for (const item of items) {
    let asLine = item.text !== undefined;
    let json = asLine ? encode(item.text) : encode(item.value);
    let size = Buffer.byteLength(json, 'utf8') + 1; // and a comma
    if (asLine && fixed + size > maxBytes) {
      // Quoting a JSON text escapes every `"` in it (10–15 % more for typical events): a large
      // event that only fits as its value goes as its value (its @message is then re-serialized).
      asLine = false;
      json = encode(item.value);
      size = Buffer.byteLength(json, 'utf8') + 1;
    }
    if (fixed + size > maxBytes) {
      tooLarge.push(item.index);
      continue;
    }
    if (bytes + size > maxBytes) flush();
    (asLine ? lines : events).push(json);
    indices.push(item.index);
    bytes += size;
  }
  flush();
  return { envelopes, tooLarge };
}
