import { fingerprint } from './fingerprint';
import { flatten, nestingDepth } from './flatten';
import { LIMITS } from './limits';
import { normalizeField, TIMESTAMP_FIELDS } from './normalize';
import { parseTimestamp } from './timestamp';
import { createFields, type EventContext, type EventResult, type FieldValue } from './types';

/** Names CloudWatch reserves; an event's own key of that name is kept as `_@name`. */
const SYSTEM_FIELDS = new Set(['@timestamp', '@ingestionTime', '@log', '@logStream', '@message', '@ptr']);
const SOURCE_FIELDS = ['source', '@log'] as const;
const STREAM_FIELDS = ['@logStream', 'logStream', 'stream'] as const;
const MESSAGE_FIELDS = ['message', 'msg', 'error.message'] as const;
const DEFAULT_SOURCE = 'default';
const DEFAULT_STREAM = 'default';

/**
 * Turns one received value into a `LogEvent`: a JSON object is normalized and flattened, a string
 * is a plain-text line. `text`, when the edge has it (an NDJSON line), is the value's original JSON
 * and becomes `@message` as sent. Pure: the same input and context give the same event.
 */
export function toLogEvent(raw: unknown, ctx: EventContext, text?: string): EventResult {
  if (typeof raw === 'string') return plainText(raw, ctx);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, error: `an event must be a JSON object or a string, not ${describe(raw)}` };
  }
  const obj = raw as Record<string, unknown>;
  const depth = nestingDepth(obj, LIMITS.maxNestingDepth);
  if (depth > LIMITS.maxNestingDepth) {
    return { ok: false, error: `event is nested more than ${LIMITS.maxNestingDepth} levels deep; flatten it before sending` };
  }
  const message = text ?? JSON.stringify(obj);
  if (exceedsEventBytes(message)) {
    return { ok: false, error: `event is larger than ${LIMITS.maxEventBytes} bytes; split it or move large values elsewhere` };
  }

  const skip: string[] = [];
  const timestamp = pickTimestamp(obj, skip) ?? ctx.receivedAt;
  const sourceField = pickString(obj, SOURCE_FIELDS, skip);
  const streamField = pickString(obj, STREAM_FIELDS, skip);
  const source = validName(ctx.source) ?? validName(sourceField) ?? validName(ctx.defaultSource) ?? DEFAULT_SOURCE;
  const stream = validName(streamField) ?? validName(ctx.stream) ?? DEFAULT_STREAM;

  const flat = flatten(obj, skip, normalizeLeaf);
  const fields = flat.fields;
  if (flat.dropped > 0) fields['logline.droppedFields'] = flat.dropped;

  const level = typeof fields.level === 'string' ? fields.level : '';
  const summary = MESSAGE_FIELDS.map((f) => fields[f]).find((v) => typeof v === 'string') as string | undefined;
  return {
    ok: true,
    event: {
      timestamp,
      ingestionTime: ctx.receivedAt,
      log: source,
      logStream: stream,
      message,
      fields,
      fingerprint: fingerprint(source, level, summary ?? message),
    },
  };
}

/** A text line that starts with an ISO-8601 time (most loggers do) happened then, not on receipt. */
const LEADING_TIMESTAMP = /^\[?(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)/;

function plainText(line: string, ctx: EventContext): EventResult {
  if (exceedsEventBytes(line)) {
    return { ok: false, error: `event is larger than ${LIMITS.maxEventBytes} bytes; split it` };
  }
  const source = validName(ctx.source) ?? validName(ctx.defaultSource) ?? DEFAULT_SOURCE;
  const stamp = LEADING_TIMESTAMP.exec(line);
  return {
    ok: true,
    event: {
      timestamp: (stamp && parseTimestamp(stamp[1])) ?? ctx.receivedAt,
      ingestionTime: ctx.receivedAt,
      log: source,
      logStream: validName(ctx.stream) ?? DEFAULT_STREAM,
      message: line,
      fields: createFields(),
      fingerprint: fingerprint(source, '', line),
    },
  };
}

function normalizeLeaf(path: string, value: FieldValue): [string, FieldValue] {
  return normalizeField(SYSTEM_FIELDS.has(path) ? `_${path}` : path, value);
}

function pickTimestamp(obj: Record<string, unknown>, skip: string[]): number | null {
  for (const key of TIMESTAMP_FIELDS) {
    if (!Object.hasOwn(obj, key)) continue;
    const ms = parseTimestamp(obj[key]);
    if (ms !== null) {
      skip.push(key);
      return ms;
    }
  }
  return null;
}

function pickString(obj: Record<string, unknown>, keys: readonly string[], skip: string[]): string | undefined {
  for (const key of keys) {
    const v = obj[key];
    if (Object.hasOwn(obj, key) && typeof v === 'string') {
      skip.push(key);
      return v;
    }
  }
  return undefined;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Source and stream names: printable, bounded, never empty. */
function validName(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  if (name.length > 0 && name.length <= LIMITS.maxSourceLength && !CONTROL.test(name) && name.trim() === name) return name;
  // eslint-disable-next-line no-control-regex
  const clean = name.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return clean.length > 0 && clean.length <= LIMITS.maxSourceLength ? clean : undefined;
}

/** Whether a string's UTF-8 form is over the event limit, counted without allocating (no Buffer in the browser). */
export function exceedsEventBytes(s: string): boolean {
  if (s.length * 3 <= LIMITS.maxEventBytes) return false;
  if (s.length > LIMITS.maxEventBytes) return true;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) { n += 4; i++; }
    else n += 3;
  }
  return n > LIMITS.maxEventBytes;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}
