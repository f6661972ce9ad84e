/**
 * `npm run bench:ingest`: sustained HTTP batch ingest into the DuckDB file, next to the raw
 * appender rate for the same rows. Batches of 1 000 events of ~400 bytes, several concurrent
 * senders on loopback, for a fixed duration: NDJSON to /api/ingest, then the same events as OTLP
 * protobuf to /v1/logs (each run on a fresh server).
 */
import os from 'node:os';
import { toLogEvent, type LogEvent } from '@/lib/events';
import { DuckDbBackend } from '@/server/store/duckdb/backend';
import { encodeRequest, kv, str } from '@/server/test-support/otlp';
import { ingestHeaders, startServer, tempDataDir } from '@/server/test-support/spawn-server';
import { requestLog } from './request-log';
import { percentile, table } from './stats';

const BATCH = 1000;
const SENDERS = Number(process.env.SENDERS ?? 4);
const SECONDS = Number(process.env.SECONDS ?? 15);

/** A realistic ~400-byte API request log line. */
function eventLine(i: number): string {
  return JSON.stringify(requestLog(i, 60_000));
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

/** The events of `eventLine(b * BATCH + i)` as one OTLP ExportLogsServiceRequest per batch. */
function otlpBody(b: number): Uint8Array {
  const records = Array.from({ length: BATCH }, (_, i) => {
    const e = JSON.parse(eventLine(b * BATCH + i)) as Record<string, unknown> & { session: Record<string, string>; app: Record<string, string> };
    return {
      timeUnixNano: `${Date.parse(e.timestamp as string)}000000`,
      severityNumber: e.level === 'ERROR' ? 17 : 9,
      severityText: e.level,
      body: str(e.message as string),
      attributes: kv({
        method: str(e.method as string),
        route: str(e.route as string),
        status: { intValue: e.status },
        duration_ms: { intValue: e.duration_ms },
        user_id: str(e.user_id as string),
        request_id: str(e.request_id as string),
        'session.id': str(e.session.id),
        'session.plan': str(e.session.plan),
        'app.version': str(e.app.version),
        'app.region': str(e.app.region),
      }),
    };
  });
  return encodeRequest({ resourceLogs: [{ resource: { attributes: kv({ 'service.name': str('api'), 'host.name': str('bench-1') }) }, scopeLogs: [{ scope: { name: 'bench' }, logRecords: records }] }] });
}

interface Run {
  label: string;
  path: string;
  contentType: string;
  ok: number;
  bodies: (string | Uint8Array)[];
}

async function endToEnd(run: Run): Promise<Record<string, string | number>> {
  // The store path at full rate: ~6 000 events/s per fingerprint would be a storm to the guard.
  const server = await startServer({ env: { LOGLINE_MAX_QUEUED_EVENTS: '400000', LOGLINE_STORM_THRESHOLD: '0' } });
  const bytes = run.bodies.reduce((n, b) => n + b.length, 0) / (run.bodies.length * BATCH);
  const latencies: number[] = [];
  let accepted = 0;
  let refused = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const sender = async (w: number) => {
    for (let n = w; performance.now() < deadline; n += SENDERS) {
      const t = performance.now();
      const body = run.bodies[n % run.bodies.length];
      const res = await fetch(`${server.url}${run.path}`, { method: 'POST', headers: ingestHeaders({ 'content-type': run.contentType }), body: typeof body === 'string' ? body : new Uint8Array(body) });
      const answer = await res.arrayBuffer();
      // An OTLP 200 with a body carries partialSuccess: some records were refused.
      if (res.status === run.ok && (run.ok !== 200 || answer.byteLength === 0)) {
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
    path: `HTTP ${run.path}, ${SENDERS} senders × ${BATCH}-event ${run.label} batches (~${Math.round(bytes)} B/event), ${refused} refused`,
    'events/s': Math.round(accepted / seconds),
    'p50 ack ms': percentile(latencies, 50),
    'p99 ack ms': percentile(latencies, 99),
  };
}

const ndjson = Array.from({ length: 64 }, (_, b) => Array.from({ length: BATCH }, (_, i) => eventLine(b * BATCH + i)).join('\n'));
const rows = [
  await rawAppender(),
  await endToEnd({ label: 'NDJSON', path: '/api/ingest', contentType: 'application/x-ndjson', ok: 202, bodies: ndjson }),
  await endToEnd({ label: 'OTLP protobuf', path: '/v1/logs', contentType: 'application/x-protobuf', ok: 200, bodies: Array.from({ length: 64 }, (_, b) => otlpBody(b)) }),
];
console.log(`\nIngest benchmark — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${SECONDS}s\n`);
console.log(table(rows));
const ratio = (row: Record<string, string | number>) => (Number(row['events/s']) / Number(rows[0]['events/s'])).toFixed(2);
console.log(`\nend to end / raw appender: /api/ingest ${ratio(rows[1])}, /v1/logs ${ratio(rows[2])}`);
