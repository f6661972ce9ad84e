import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestHeaders, startServer, type RunningServer } from '../test-support/spawn-server';
import { adminHealth } from '../test-support/health';

/**
 * A small write queue under a burst: some requests get 429 + Retry-After, and every event of an
 * acknowledged request is stored. Checkpoints every 1 000 events make writes queue up behind them.
 */
let server: RunningServer;
beforeAll(async () => {
  // Every event is one fingerprint and must be stored as sent: the storm guard is off here.
  server = await startServer({ env: { LOGLINE_MAX_QUEUED_EVENTS: '1000', LOGLINE_CHECKPOINT_EVENTS: '1000', LOGLINE_STORM_THRESHOLD: '0' } });
});
afterAll(async () => {
  await server?.stop();
});

describe('backpressure', () => {
  it('answers 429 with Retry-After when the queue is full, and stores every acknowledged batch', async () => {
    const batch = (b: number, n: number) => Array.from({ length: n }, (_, i) => JSON.stringify({ request_id: `b${b}-${i}`, message: 'burst', pad: 'x'.repeat(100) })).join('\n');
    const sizes = [30_000, ...Array.from({ length: 40 }, () => 900)];
    const answers = await Promise.all(
      sizes.map(async (n, b) => {
        const res = await fetch(`${server.url}/api/ingest`, { method: 'POST', headers: ingestHeaders({ 'content-type': 'application/x-ndjson' }), body: batch(b, n) });
        return { n, status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { accepted?: number; error?: string } };
      }),
    );
    const refused = answers.filter((a) => a.status === 429);
    const acked = answers.filter((a) => a.status === 202);
    expect(refused.length).toBeGreaterThan(0);
    expect(acked.length).toBeGreaterThan(0);
    expect(acked.length + refused.length).toBe(sizes.length);
    for (const r of refused) {
      expect(Number(r.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(r.body.error).toMatch(/retry/i);
    }
    for (const a of acked) expect(a.body.accepted).toBe(a.n);
    const health = await adminHealth(server.url);
    expect(health.events).toBe(acked.reduce((sum, a) => sum + a.n, 0));
  });
});
