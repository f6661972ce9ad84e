import { describe, expect, it } from 'vitest';
import { RateCap } from './rate-cap';

describe('the per-rule rate cap', () => {
  it('sends at most the limit per minute, counts the rest, and summarizes them once there is room', () => {
    const cap = new RateCap(10);
    const sent = Array.from({ length: 25 }, (_, i) => cap.offer('alert', `group ${i}`, 1000 + i)).filter(Boolean).length;
    expect(sent).toBe(10);
    expect(cap.pending()).toBe(15);
    expect(cap.takeSummary(30_000)).toBeNull();
    const summary = cap.takeSummary(61_000);
    expect(summary).toMatchObject({ total: 15, counts: { alert: 15, update: 0 }, since: 1010 });
    expect(summary!.examples).toEqual(['group 10', 'group 11', 'group 12', 'group 13', 'group 14']);
    expect(cap.pending()).toBe(0);
    expect(cap.takeSummary(61_500)).toBeNull();
    // The summary used a slot of the new window.
    expect(cap.room(61_500)).toBe(9);
  });

  it('the window slides: a slot frees a minute after it was used', () => {
    const cap = new RateCap(2);
    expect(cap.offer('update', 'a', 0)).toBe(true);
    expect(cap.offer('update', 'a', 30_000)).toBe(true);
    expect(cap.offer('update', 'a', 59_999)).toBe(false);
    expect(cap.offer('resolve', 'a', 60_000)).toBe(true);
  });
});
