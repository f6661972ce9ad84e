/**
 * `npm run bench:ingest`: sustained HTTP batch ingest into the DuckDB file, next to the raw
 * appender rate for the same rows. Batches of 1 000 events of ~400 bytes (NDJSON), several
 * concurrent senders on loopback, for a fixed duration.
 */
import os from 'node:os';
import { toLogEvent, type LogEvent } from '@/lib/events';
import { DuckDbBackend } from '@/server/store/duckdb/backend';
import { ingestHeaders, startServer, tempDataDir } from '@/server/test-support/spawn-server';
import { percentile, table } from './stats';

const BATCH = 1000;
const SENDERS = Number(process.env.SENDERS ?? 4);
const SECONDS = Number(process.env.SECONDS ?? 15);
const ROUTES = ['/api/assignments/:id', '/api/classes', '/api/gradebook/:id', '/api/submissions', '/api/me'];

/** A realistic ~400-byte API request log line. */
function eventLine(i: number): string {
  return JSON.stringify({
    timestamp: new Date(Date.now() - (i % 60_000)).toISOString(),
    level: i % 50 === 0 ? 'ERROR' : 'info',
    message: `GET ${ROUTES[i % ROUTES.length].replace(':id', String(i % 9973))} ${i % 50 === 0 ? 500 : 200} in ${i % 300}ms`,
    method: 'GET',
    route: ROUTES[i % ROUTES.length],
    status: i % 50 === 0 ? 500 : 200,
    duration_ms: i % 300,
    user_id: `u${i % 2000}`,
    request_id: `4f1c2a9e-${(i % 65536).toString(16).padStart(4, '0')}-4b1d-9c3e-${i.toString(16).padStart(12, '0')}`,
    session: { id: `s-${i % 5000}`, plan: i % 3 === 0 ? 'team' : 'free' },
    app: { version: '4.12.1', region: 'eu-west-1' },
  });
}

async function rawAppender(): Promise<Record<string, string | number>> {
  const backend = await DuckDbBackend.open({ dataDir: tempDataDir(), maxQueuedEvents: 10_000_000 });
  const events: LogEvent[] = [];
  for (let i = 0; i < 300_000; i++) {
    const line = eventLine(i);
    const r = toLogEvent(JSON.parse(line), { source: 'api', receivedAt: Date.now() }, line);
    if (r.ok) events.push(r.event);
  }
  const started = performance.now();
  for (let i = 0; i < events.length; i += 10_000) await backend.append(events.slice(i, i + 10_000));
  const seconds = (performance.now() - started) / 1000;
  await backend.close();
  return { path: 'DuckDB appender (same rows, pre-normalized, 10 000 per commit)', 'events/s': Math.round(events.length / seconds), 'p50 ack ms': '-', 'p99 ack ms': '-' };
}

async function endToEnd(): Promise<Record<string, string | number>> {
  const server = await startServer({ env: { LOGLINE_MAX_QUEUED_EVENTS: '400000' } });
  const bodies = Array.from({ length: 64 }, (_, b) => Array.from({ length: BATCH }, (_, i) => eventLine(b * BATCH + i)).join('\n'));
  const bytes = bodies.reduce((n, b) => n + b.length, 0) / (bodies.length * BATCH);
  const latencies: number[] = [];
  let accepted = 0;
  let refused = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const sender = async (w: number) => {
    for (let n = w; performance.now() < deadline; n += SENDERS) {
      const t = performance.now();
      const res = await fetch(`${server.url}/api/ingest`, { method: 'POST', headers: ingestHeaders({ 'content-type': 'application/x-ndjson' }), body: bodies[n % bodies.length] });
      await res.arrayBuffer();
      if (res.status === 202) {
        latencies.push(performance.now() - t);
        accepted += BATCH;
      } else {
        refused++;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: SENDERS }, (_, w) => sender(w)));
  const seconds = (performance.now() - started) / 1000;
  await server.stop();
  latencies.sort((a, b) => a - b);
  return {
    path: `HTTP /api/ingest, ${SENDERS} senders × ${BATCH}-event NDJSON batches (~${Math.round(bytes)} B/event), ${refused} × 429`,
    'events/s': Math.round(accepted / seconds),
    'p50 ack ms': percentile(latencies, 50),
    'p99 ack ms': percentile(latencies, 99),
  };
}

const rows = [await rawAppender(), await endToEnd()];
console.log(`\nIngest benchmark — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${SECONDS}s\n`);
console.log(table(rows));
console.log(`\nend to end / raw appender: ${(Number(rows[1]['events/s']) / Number(rows[0]['events/s'])).toFixed(2)}`);
