import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toLogEvent, type LogEvent } from '@/lib/events';
import { MetaDb } from '../meta/db';
import { DuckDbBackend } from '../store/duckdb/backend';
import { tempDataDir } from '../test-support/spawn-server';
import { StormGuard } from './storm-guard';
import type { StormSettings } from './storm-rate';
import { listStorms } from './storm-store';

/** The guard's record of storms in a real DuckDB file (meta.storms), with the clock in the test's hands. */
let backend: DuckDbBackend;
let meta: MetaDb;
const settings: StormSettings = { threshold: 100, perSource: {}, keepPerSecond: 10, endAfterMs: 3000, maxKeys: 1000 };

function loop(n: number): LogEvent[] {
  return Array.from({ length: n }, (_, i) => {
    const r = toLogEvent({ level: 'warn', message: 'Maximum update depth exceeded', sessionId: 's-42', seq: i }, { source: 'web', receivedAt: 0 });
    if (!r.ok) throw new Error(r.error);
    return r.event;
  });
}

beforeAll(async () => {
  backend = await DuckDbBackend.open({ dataDir: tempDataDir(), maxQueuedEvents: 10_000 });
  meta = new MetaDb(await backend.instance.connect());
});
afterAll(async () => {
  await backend?.close();
});

describe('recording storms', () => {
  it('keeps an ended storm until a save succeeds', async () => {
    let now = 1_700_000_000_000;
    const guard = new StormGuard(settings, { meta, clock: () => now });
    guard.guard(loop(1000));
    for (let s = 1; s <= 5; s++) {
      now += 1000;
      guard.guard(loop(1));
    }
    expect(guard.active()).toEqual([]);
    const [ended] = await guard.list();
    const endedAt = ended.endedAt;
    expect(endedAt).toBeGreaterThan(ended.startedAt);

    // The table is briefly unusable (as a full disk or a lock would make it): the save fails.
    await meta.run('ALTER TABLE meta.storms RENAME TO storms_away');
    try {
      await expect(guard.flush()).rejects.toThrow();
    } finally {
      await meta.run('ALTER TABLE meta.storms_away RENAME TO storms');
    }
    expect((await guard.list()).map((s) => s.endedAt)).toEqual([endedAt]);

    await guard.flush();
    const saved = await listStorms(meta, 10);
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ source: 'web', title: 'Maximum update depth exceeded', endedAt });
    // 900 over the threshold in its first second, then one event in each calm second until it ended.
    expect(saved[0].kept + saved[0].dropped).toBe(900 + 3);
    // Saved once, listed once.
    expect(await guard.list()).toHaveLength(1);
  });
});
