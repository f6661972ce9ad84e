import { DuckDBInstance } from '@duckdb/node-api';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DB_FILE } from '../store/duckdb/backend';
import { ingestHeaders, startServer, tempDataDir, type RunningServer } from '../test-support/spawn-server';
import { adminHealth } from '../test-support/health';

/**
 * Kill -9 in the middle of sustained ingest, then restart on the same file: every event whose
 * request was answered 2xx must be there exactly once.
 */
const servers: RunningServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.kill();
});

describe('durability', () => {
  it('keeps every acknowledged event, once, across SIGKILL', async () => {
    const dataDir = tempDataDir();
    // Every acknowledged event must be stored as sent (one fingerprint at full rate): no storm guard.
    const first = await startServer({ dataDir, env: { LOGLINE_STORM_THRESHOLD: '0' } });
    servers.push(first);

    const acked = new Set<string>();
    let sent = 0;
    let stop = false;
    const sender = async (worker: number) => {
      for (let batch = 0; !stop; batch++) {
        const ids = Array.from({ length: 200 }, (_, i) => `w${worker}-b${batch}-e${i}`);
        const body = ids.map((id) => JSON.stringify({ requestId: id, level: 'info', message: `event ${id}`, pad: 'p'.repeat(200) })).join('\n');
        sent += ids.length;
        try {
          const res = await fetch(`${first.url}/api/ingest`, { method: 'POST', headers: ingestHeaders({ 'content-type': 'application/x-ndjson' }), body });
          if (res.status === 202) for (const id of ids) acked.add(id);
        } catch {
          return; // the server died under us: this batch was never acknowledged
        }
      }
    };
    const senders = Array.from({ length: 4 }, (_, w) => sender(w));
    // Let ingest run until a good number of batches are acknowledged, then pull the plug.
    while (acked.size < 20_000) await new Promise((r) => setTimeout(r, 20));
    await first.kill();
    stop = true;
    await Promise.all(senders);
    expect(acked.size).toBeGreaterThanOrEqual(20_000);

    // Restart: the WAL is replayed and the server serves again.
    const second = await startServer({ dataDir, env: { LOGLINE_STORM_THRESHOLD: '0' } });
    servers.push(second);
    const health = await adminHealth(second.url);
    expect(health.events).toBeGreaterThanOrEqual(acked.size);
    await second.stop();

    const instance = await DuckDBInstance.create(path.join(dataDir, DB_FILE));
    const conn = await instance.connect();
    const rows = (await conn.runAndReadAll('SELECT request_id, count(*) FROM events GROUP BY request_id')).getRows();
    conn.closeSync();
    instance.closeSync();
    const stored = new Map(rows.map(([id, n]) => [String(id), Number(n)]));
    const missing = [...acked].filter((id) => !stored.has(id));
    const duplicated = [...stored].filter(([, n]) => n > 1);
    expect(missing).toEqual([]);
    expect(duplicated).toEqual([]);
    expect(stored.size).toBeLessThanOrEqual(sent);
  });
});
