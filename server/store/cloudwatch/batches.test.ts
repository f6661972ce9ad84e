import { describe, expect, it } from 'vitest';
import { eventBytes, placeInWindow, planBatches, PUT_LOG_EVENTS, rejectedEvents, WINDOW_MARGIN_MS, type PlanItem } from './batches';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 10, 20, 12);

function item(i: number, overrides: Partial<PlanItem<number>> = {}): PlanItem<number> {
  return { logGroupName: '/logline/api', logStreamName: 's1', timestamp: NOW - 1000 + i, message: `m${i}`, ref: i, ...overrides };
}

describe('placeInWindow', () => {
  it('keeps events inside the window CloudWatch accepts', () => {
    expect(placeInWindow(NOW - 13 * DAY, NOW, NOW, 30)).toEqual({ kind: 'keep', timestamp: NOW - 13 * DAY });
    expect(placeInWindow(NOW + HOUR, NOW, NOW, 30)).toEqual({ kind: 'keep', timestamp: NOW + HOUR });
  });

  it('refuses events older than 14 days, or than the retention when it is shorter', () => {
    expect(placeInWindow(NOW - 14 * DAY, NOW, NOW, 30).kind).toBe('tooOld');
    expect(placeInWindow(NOW - 14 * DAY + WINDOW_MARGIN_MS - 1, NOW, NOW, 30).kind).toBe('tooOld');
    expect(placeInWindow(NOW - 2 * DAY, NOW, NOW, 1).kind).toBe('tooOld');
    expect(placeInWindow(NOW - 2 * DAY, NOW, NOW, 3).kind).toBe('keep');
  });

  it('moves events more than 2 h ahead to their ingestion time and keeps the original', () => {
    expect(placeInWindow(NOW + 3 * HOUR, NOW - 5000, NOW, 30)).toEqual({ kind: 'retime', timestamp: NOW - 5000, original: NOW + 3 * HOUR });
    // an ingestion time outside the window too (a bogus envelope) falls back to now
    expect(placeInWindow(NOW + 3 * HOUR, NOW + 3 * HOUR, NOW, 30)).toEqual({ kind: 'retime', timestamp: NOW, original: NOW + 3 * HOUR });
  });
});

describe('planBatches', () => {
  it('sorts each stream chronologically (stable for equal times) and keeps streams and groups apart', () => {
    const items = [
      item(0, { timestamp: NOW + 5 }),
      item(1, { timestamp: NOW + 1 }),
      item(2, { logStreamName: 's2', timestamp: NOW }),
      item(3, { timestamp: NOW + 1 }),
      item(4, { logGroupName: '/logline/web', timestamp: NOW }),
    ];
    const { batches } = planBatches(items);
    expect(batches.map((b) => [b.logGroupName, b.logStreamName, b.refs])).toEqual([
      ['/logline/api', 's1', [1, 3, 0]],
      ['/logline/api', 's2', [2]],
      ['/logline/web', 's1', [4]],
    ]);
    expect(batches[0].logEvents.map((e) => e.timestamp)).toEqual([NOW + 1, NOW + 1, NOW + 5]);
  });

  it('cuts at 10 000 events per call', () => {
    const items = Array.from({ length: 25_001 }, (_, i) => item(i, { timestamp: NOW }));
    const { batches } = planBatches(items);
    expect(batches.map((b) => b.logEvents.length)).toEqual([10_000, 10_000, 5_001]);
    expect(batches.flatMap((b) => b.refs)).toEqual(items.map((i) => i.ref));
  });

  it('cuts before 1 048 576 bytes counting UTF-8 bytes plus 26 per event, filling each call', () => {
    // 3-byte characters: the byte count, not the string length, is what CloudWatch limits
    const message = '€'.repeat(10_000); // 30 000 bytes
    const items = Array.from({ length: 100 }, (_, i) => item(i, { message }));
    const { batches } = planBatches(items);
    const per = Math.floor(PUT_LOG_EVENTS.maxBatchBytes / (30_000 + 26));
    expect(batches[0].logEvents).toHaveLength(per);
    for (const b of batches) {
      expect(b.bytes).toBe(b.logEvents.length * (30_000 + 26));
      expect(b.bytes).toBeLessThanOrEqual(PUT_LOG_EVENTS.maxBatchBytes);
    }
    // greedy: only the last call may have room for one more event
    for (const b of batches.slice(0, -1)) expect(b.bytes + 30_026).toBeGreaterThan(PUT_LOG_EVENTS.maxBatchBytes);
    expect(batches.reduce((n, b) => n + b.logEvents.length, 0)).toBe(100);
  });

  it('fits a batch exactly at the byte limit, and refuses an event larger than any call', () => {
    const exact = 'x'.repeat(PUT_LOG_EVENTS.maxBatchBytes - 26);
    const { batches, tooLarge } = planBatches([item(0, { message: exact }), item(1, { message: `${exact}x` }), item(2)]);
    expect(batches.map((b) => b.refs)).toEqual([[0], [2]]);
    expect(batches[0].bytes).toBe(PUT_LOG_EVENTS.maxBatchBytes);
    expect(tooLarge).toEqual([1]);
  });

  it('cuts when a call would span more than 24 hours', () => {
    const items = [0, 12, 24, 24.0001, 30, 49].map((h, i) => item(i, { timestamp: NOW - 10 * DAY + Math.round(h * HOUR) }));
    const { batches } = planBatches(items);
    expect(batches.map((b) => b.refs)).toEqual([[0, 1, 2], [3, 4], [5]]);
    for (const b of batches) expect(b.logEvents.at(-1)!.timestamp - b.logEvents[0].timestamp).toBeLessThanOrEqual(PUT_LOG_EVENTS.maxSpanMs);
  });

  it('counts bytes the way CloudWatch does', () => {
    expect(eventBytes('abc')).toBe(29);
    expect(eventBytes('é')).toBe(28);
    expect(eventBytes('😀')).toBe(30);
  });
});

describe('rejectedEvents', () => {
  it('reads the exclusive end indices and the inclusive start index', () => {
    const r = rejectedEvents({ expiredLogEventEndIndex: 1, tooOldLogEventEndIndex: 3, tooNewLogEventStartIndex: 8 }, 10);
    expect(r).toMatchObject({ expired: 1, tooOld: 2, tooNew: 2 });
    expect([...r.indices]).toEqual([0, 1, 2, 8, 9]);
  });

  it('treats a missing info as everything stored, and clamps indices to the call', () => {
    expect(rejectedEvents(undefined, 5).indices.size).toBe(0);
    expect(rejectedEvents({ tooNewLogEventStartIndex: 0 }, 3).tooNew).toBe(3);
    expect(rejectedEvents({ tooOldLogEventEndIndex: 99 }, 3).tooOld).toBe(3);
  });
});
