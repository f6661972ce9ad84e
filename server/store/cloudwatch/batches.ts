/**
 * Plans PutLogEvents calls (pure): which events go together, in what order, and which cannot be
 * stored at all. Every limit here is CloudWatch's (../shared/reference/aws-limits.md §1):
 * a call holds events of one stream, at most 10 000, at most 1 048 576 bytes counting each
 * message's UTF-8 bytes plus 26, in chronological order, spanning at most 24 hours; events more
 * than 14 days old (or older than the group's retention) or more than 2 hours ahead are refused.
 */
export const PUT_LOG_EVENTS = {
  maxBatchBytes: 1_048_576,
  eventOverheadBytes: 26,
  maxEvents: 10_000,
  maxSpanMs: 24 * 60 * 60 * 1000,
  maxAgeMs: 14 * 24 * 60 * 60 * 1000,
  maxAheadMs: 2 * 60 * 60 * 1000,
} as const;

export type PutLimits = Pick<typeof PUT_LOG_EVENTS, 'maxBatchBytes' | 'eventOverheadBytes' | 'maxEvents' | 'maxSpanMs'>;

/**
 * Kept away from the edges of CloudWatch's window: the check runs here, CloudWatch's a moment
 * later on its own clock, so an event right at the edge would be refused on the way.
 */
export const WINDOW_MARGIN_MS = 5 * 60 * 1000;

export type Placement =
  | { kind: 'keep'; timestamp: number }
  /** More than 2 h ahead: a wrong clock (it cannot have happened yet). Written at its ingestion time. */
  | { kind: 'retime'; timestamp: number; original: number }
  /** Older than CloudWatch stores: refused, counted. Moving it to now would fake when it happened. */
  | { kind: 'tooOld' };

/** Where an event's timestamp puts it relative to the window CloudWatch accepts at `now`. */
export function placeInWindow(timestamp: number, ingestionTime: number, now: number, retentionDays: number): Placement {
  const oldest = now - Math.min(PUT_LOG_EVENTS.maxAgeMs, retentionDays * 24 * 60 * 60 * 1000) + WINDOW_MARGIN_MS;
  const newest = now + PUT_LOG_EVENTS.maxAheadMs - WINDOW_MARGIN_MS;
  if (timestamp < oldest) return { kind: 'tooOld' };
  if (timestamp <= newest) return { kind: 'keep', timestamp };
  const at = ingestionTime >= oldest && ingestionTime <= newest ? ingestionTime : now;
  return { kind: 'retime', timestamp: at, original: timestamp };
}

export interface PlanItem<T> {
  logGroupName: string;
  logStreamName: string;
  timestamp: number;
  message: string;
  ref: T;
}

export interface PutBatch<T> {
  logGroupName: string;
  logStreamName: string;
  /** In chronological order, as PutLogEvents wants them. */
  logEvents: { timestamp: number; message: string }[];
  refs: T[];
  /** Size by CloudWatch's rule: UTF-8 bytes of every message plus 26 per event. */
  bytes: number;
}

export interface Plan<T> {
  batches: PutBatch<T>[];
  /** Events that cannot fit in any call (one message over the batch size), refused. */
  tooLarge: T[];
}

export function eventBytes(message: string, limits: PutLimits = PUT_LOG_EVENTS): number {
  return Buffer.byteLength(message, 'utf8') + limits.eventOverheadBytes;
}

/**
 * Groups items by log group and stream, sorts each stream's events by time (stable, so equal
 * timestamps keep their order) and cuts the run greedily whenever the next event would break a
 * limit: the fewest calls for that order, each as full as the limits allow.
 */
export function planBatches<T>(items: readonly PlanItem<T>[], limits: PutLimits = PUT_LOG_EVENTS): Plan<T> {
  const streams = new Map<string, { group: string; stream: string; items: { item: PlanItem<T>; bytes: number }[] }>();
  const tooLarge: T[] = [];
  for (const item of items) {
    const bytes = eventBytes(item.message, limits);
    if (bytes > limits.maxBatchBytes) {
      tooLarge.push(item.ref);
      continue;
    }
    const key = `${item.logGroupName}\u0000${item.logStreamName}`;
    let s = streams.get(key);
    if (!s) streams.set(key, (s = { group: item.logGroupName, stream: item.logStreamName, items: [] }));
    s.items.push({ item, bytes });
  }

  const batches: PutBatch<T>[] = [];
  for (const s of streams.values()) {
    s.items.sort((a, b) => a.item.timestamp - b.item.timestamp);
    let current: PutBatch<T> | null = null;
    for (const { item, bytes } of s.items) {
      const full =
        current !== null &&
        (current.logEvents.length >= limits.maxEvents ||
          current.bytes + bytes > limits.maxBatchBytes ||
          item.timestamp - current.logEvents[0].timestamp > limits.maxSpanMs);
      if (current === null || full) {
        current = { logGroupName: s.group, logStreamName: s.stream, logEvents: [], refs: [], bytes: 0 };
        batches.push(current);
      }
      current.logEvents.push({ timestamp: item.timestamp, message: item.message });
      current.refs.push(item.ref);
      current.bytes += bytes;
    }
  }
  return { batches, tooLarge };
}

export interface RejectedInfo {
  tooNewLogEventStartIndex?: number;
  tooOldLogEventEndIndex?: number;
  expiredLogEventEndIndex?: number;
}

export interface Rejections {
  tooNew: number;
  tooOld: number;
  expired: number;
  /** Indices (into the call's events) CloudWatch did not store. */
  indices: Set<number>;
}

/**
 * Reads PutLogEvents' `rejectedLogEventsInfo`: events before `tooOldLogEventEndIndex` /
 * `expiredLogEventEndIndex` (exclusive) and from `tooNewLogEventStartIndex` (inclusive) on were
 * not stored; the rest of the call was.
 */
export function rejectedEvents(info: RejectedInfo | undefined, count: number): Rejections {
  const out: Rejections = { tooNew: 0, tooOld: 0, expired: 0, indices: new Set() };
  if (!info) return out;
  const expiredEnd = clamp(info.expiredLogEventEndIndex, count);
  const oldEnd = clamp(info.tooOldLogEventEndIndex, count);
  const newStart = info.tooNewLogEventStartIndex === undefined ? count : clamp(info.tooNewLogEventStartIndex, count);
  for (let i = 0; i < count; i++) {
    if (i < expiredEnd) out.expired++;
    else if (i < oldEnd) out.tooOld++;
    else if (i >= newStart) out.tooNew++;
    else continue;
    out.indices.add(i);
  }
  return out;
}

function clamp(n: number | undefined, count: number): number {
  return n === undefined ? 0 : Math.max(0, Math.min(count, n));
}
