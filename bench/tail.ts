/**
 * `npm run bench:tail`: ingest → WebSocket client latency at 2 000 events/s with 20 subscribers
 * holding different filters (real server, real sockets on loopback), and the hub's in-process
 * filter throughput.
 */
import os from 'node:os';
import WebSocket from 'ws';
import { toLogEvent, type LogEvent } from '@/lib/events';
import { compileFilterQuery } from '@/lib/query/predicate';
import { TailHub } from '@/server/tail/hub';
import { signIn } from '@/server/test-support/sign-in';
import { ingestHeaders, startServer } from '@/server/test-support/spawn-server';
import { percentile, table } from './stats';
import { FILTERS, raw } from './tail-data';

const RATE = 2000;
const SECONDS = Number(process.env.SECONDS ?? 10);

async function endToEnd(): Promise<Record<string, string | number>> {
  const server = await startServer({ env: { LOGLINE_ADMIN_EMAIL: 'bench@example.com', LOGLINE_ADMIN_PASSWORD: 'bench-password-1' } });
  const cookie = await signIn(server.url, 'bench@example.com', 'bench-password-1');
  const latencies: number[] = [];
  const stats = { received: 0, dropped: 0, sampledOut: 0, matched: 0 };
  const last = new Map<number, { dropped: number; sampledOut: number; matched: number }>();
  const sockets = await Promise.all(
    FILTERS.map(
      (filter, i) =>
        new Promise<WebSocket>((resolve, reject) => {
          const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws/tail`, { headers: { cookie } });
          ws.on('open', () => ws.send(JSON.stringify({ type: 'subscribe', filter: filter ? `(${filter}) and tag = "bench"` : 'tag = "bench"', maxRate: 5000 })));
          ws.on('message', (data) => {
            const m = JSON.parse(data.toString()) as { type: string; events?: LogEvent[]; stats?: { dropped: number; sampledOut: number; matched: number } };
            if (m.type === 'subscribed') resolve(ws);
            if (m.type !== 'events') return;
            const now = Date.now();
            for (const e of m.events!) latencies.push(now - Number(e.fields.sent_at));
            stats.received += m.events!.length;
            last.set(i, m.stats!);
          });
          ws.on('error', reject);
        }),
    ),
  );
  const batch = RATE / 20;
  let seq = 0;
  const started = Date.now();
  for (let tick = 0; tick < SECONDS * 20; tick++) {
    const due = started + tick * 50;
    if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    const sentAt = Date.now();
    const body = Array.from({ length: batch }, () => raw(seq++, sentAt));
    void fetch(`${server.url}/api/ingest`, { method: 'POST', headers: ingestHeaders(), body: JSON.stringify(body) });
  }
  await new Promise((r) => setTimeout(r, 2000));
  for (const s of last.values()) {
    stats.dropped += s.dropped;
    stats.sampledOut += s.sampledOut;
    stats.matched += s.matched;
  }
  for (const ws of sockets) ws.close();
  await server.stop();
  latencies.sort((a, b) => a - b);
  return {
    path: `${RATE} events/s × ${SECONDS}s, ${FILTERS.length} subscribers`,
    delivered: stats.received,
    matched: stats.matched,
    'dropped (counted)': stats.dropped,
    'sampled out (counted)': stats.sampledOut,
    uncounted: stats.matched - stats.received - stats.dropped - stats.sampledOut,
    'p50 ms': percentile(latencies, 50),
    'p99 ms': percentile(latencies, 99),
  };
}

function hubThroughput(): Record<string, string | number> {
  const hub = new TailHub(1_000_000_000, 1_000_000);
  for (const f of FILTERS) {
    const c = compileFilterQuery(f);
    if (!c.ok) throw new Error(c.error.message);
    hub.subscribe({ sources: [], predicate: f ? c.predicate : null, maxRate: 1e9, queueLimit: 1e9 }, { ready: () => false, send: () => undefined });
  }
  const events: LogEvent[] = [];
  for (let i = 0; i < 20_000; i++) {
    const r = toLogEvent(raw(i, 0), { source: 'api', receivedAt: Date.now() });
    if (r.ok) events.push(r.event);
  }
  const t = performance.now();
  for (let k = 0; k < 10; k++) for (let i = 0; i < events.length; i += 500) hub.publish(events.slice(i, i + 500));
  const seconds = (performance.now() - t) / 1000;
  return { path: `hub.publish, ${FILTERS.length} compiled filters, in process`, 'events/s': Math.round((events.length * 10) / seconds), 'filter evaluations/s': Math.round((events.length * 10 * FILTERS.length) / seconds) };
}

const e2e = await endToEnd();
const hub = hubThroughput();
console.log(`\nLive tail benchmark — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}\n`);
console.log(table([e2e]));
console.log();
console.log(table([hub]));
