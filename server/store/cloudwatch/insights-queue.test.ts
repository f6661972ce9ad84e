import { describe, expect, it } from 'vitest';
import { InsightsQueue } from './insights-queue';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('the console\'s Logs Insights queue', () => {
  it('runs at most N at once and hands slots out first come, first served', async () => {
    const q = new InsightsQueue(2);
    const order: string[] = [];
    const a = await q.acquire();
    const b = await q.acquire();
    const c = q.acquire().then((release) => (order.push('c'), release));
    const d = q.acquire().then((release) => (order.push('d'), release));
    await tick();
    expect([q.running, q.queued]).toEqual([2, 2]);
    a();
    await tick();
    expect(order).toEqual(['c']);
    expect(q.running).toBe(2);
    a(); // releasing twice frees one slot only
    await tick();
    expect(order).toEqual(['c']);
    b();
    await tick();
    expect(order).toEqual(['c', 'd']);
    (await c)();
    (await d)();
    expect([q.running, q.queued]).toEqual([0, 0]);
  });

  it('tells each waiter its position as the queue moves, and forgets one that gives up', async () => {
    const q = new InsightsQueue(1);
    const release = await q.acquire();
    const seen: Record<string, number[]> = { x: [], y: [], z: [] };
    const gaveUp = new AbortController();
    const x = q.acquire(undefined, (p) => seen.x.push(p));
    const y = q.acquire(gaveUp.signal, (p) => seen.y.push(p));
    const z = q.acquire(undefined, (p) => seen.z.push(p));
    gaveUp.abort();
    await expect(y).rejects.toMatchObject({ kind: 'cancelled' });
    release();
    (await x)();
    await z;
    expect(seen).toEqual({ x: [1], y: [2], z: [3, 2, 1] });
  });

  it('refuses with 429 rather than queueing without end', async () => {
    const q = new InsightsQueue(1, 1);
    await q.acquire();
    void q.acquire();
    await expect(q.acquire()).rejects.toMatchObject({ kind: 'throttled', retryAfterSeconds: 10 });
  });
});
