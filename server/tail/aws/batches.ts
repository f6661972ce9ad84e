import type { LogEvent } from '@/lib/events';
import type { TailStats } from '../subscription';

/** PostToConnection accepts at most 128 KiB per message (aws-limits.md §7.2). */
export const MAX_MESSAGE_BYTES = 128 * 1024;
/** Room left for `{"type":"events","events":[…],"stats":{…},"queued":0}` around the events. */
const ENVELOPE_BYTES = 512;
const TRUNCATED = 'logline.truncated';

/** Each event's JSON, made once per batch however many connections it goes to. */
export type EncodedEvents = WeakMap<LogEvent, { json: string; bytes: number }>;

/**
 * Splits events into `events` messages (the format /ws/tail sends) of at most `maxBytes` each,
 * in order. An event too large for one message on its own (events may reach 256 KB) is sent
 * shortened and marked `logline.truncated`, so the user sees it and knows to open it in Explore.
 */
export function eventMessages(events: readonly LogEvent[], stats: TailStats, maxBytes = MAX_MESSAGE_BYTES, encoded: EncodedEvents = new WeakMap()): string[] {
  const statsJson = JSON.stringify(stats);
  const budget = maxBytes - ENVELOPE_BYTES - statsJson.length;
  const out: string[] = [];
  let parts: string[] = [];
  let size = 0;
  const flush = () => {
    if (parts.length === 0) return;
    out.push(`{"type":"events","events":[${parts.join(',')}],"stats":${statsJson},"queued":0}`);
    parts = [];
    size = 0;
  };
  for (const e of events) {
    let cached = encoded.get(e);
    if (!cached) {
      const text = JSON.stringify(e);
      cached = { json: text, bytes: Buffer.byteLength(text) };
      encoded.set(e, cached);
    }
    let { json, bytes } = cached;
    // Halve what is kept until it fits (escapes can make a character 6 bytes of JSON).
    for (let keep = Math.floor(budget / 8); bytes > budget && keep > 0; keep = Math.floor(keep / 2)) {
      json = JSON.stringify(shortened(e, keep, keep >= 64));
      bytes = Buffer.byteLength(json);
    }
    if (size + bytes + 1 > budget) flush();
    parts.push(json);
    size += bytes + 1;
  }
  flush();
  return out;
}

/** A copy with every text cut to `keep` characters; past the last try, without its fields. */
function shortened(e: LogEvent, keep: number, withFields: boolean): LogEvent {
  const cut = (s: string) => (s.length > keep ? `${s.slice(0, keep)}… [shortened for live tail; open it in Explore]` : s);
  const fields: LogEvent['fields'] = Object.create(null);
  let left = keep * 4;
  for (const [k, v] of withFields ? Object.entries(e.fields) : []) {
    const value = typeof v === 'string' ? cut(v) : v;
    left -= k.length + (typeof value === 'string' ? value.length : 8);
    if (left < 0) break;
    fields[k] = value;
  }
  fields[TRUNCATED] = true;
  return { ...e, message: cut(e.message), fields };
}
