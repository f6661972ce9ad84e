/**
 * `npm run bench:storm`: one fingerprint floods at STORM_RATE events/s (default 20 000) for
 * SECONDS (default 30) while normal traffic (NORMAL_RATE, default 2 000/s over 200 fingerprints)
 * goes on, against a real server (spawn-server.ts). Reports the normal traffic's ack latency with
 * and without the storm, how fast the storm is flagged (API and Slack message on a loopback
 * receiver), whether every normal event was stored and whether the kept sample adds up to what
 * was sent; then the guard's own cost in process, next to the pipeline step before it.
 */
import os from 'node:os';
import { toLogEvent, type LogEvent } from '@/lib/events';
import { StormDetector, DEFAULT_STORM_SETTINGS } from '@/server/ingest/storm-rate';
import { signIn } from '@/server/test-support/sign-in';
import { startSlackReceiver } from '@/server/test-support/slack-receiver';
import { ingestHeaders, startServer, TEST_ADMIN } from '@/server/test-support/spawn-server';
import { percentile, table } from './stats';

const STORM_RATE = Number(process.env.STORM_RATE ?? 20_000);
const NORMAL_RATE = Number(process.env.NORMAL_RATE ?? 2000);
const SECONDS = Number(process.env.SECONDS ?? 30);
const BASELINE_SECONDS = Number(process.env.BASELINE_SECONDS ?? SECONDS);
const STORM_BATCH = 1000;
const TICK_MS = 50;
/** Normal traffic comes as small batches (20 events every 10 ms), like SDKs flushing: many acks to measure. */
const NORMAL_TICK_MS = Number(process.env.NORMAL_TICK_MS ?? 10);
/** Storm requests in flight at most; past this the sender skips (and reports the rate it offered). */
const MAX_IN_FLIGHT = 16;

const PAGES = Array.from({ length: 200 }, (_, i) => `page-${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`);

function normalLine(tag: string, i: number): string {
  return JSON.stringify({ source: 'web', level: 'info', event: 'page_view', tag, message: `viewed ${PAGES[i % PAGES.length]}`, sessionId: `s-${i % 500}`, userId: `u${i % 2000}`, route: `/${PAGES[i % PAGES.length]}`, ts: Date.now() });
}
const stormLine = (i: number) => JSON.stringify({ source: 'web', level: 'warn', tag: 'storm', message: 'Maximum update depth exceeded', component: 'GradebookTable', sessionId: 'sess-render-loop', userId: 'u42', seq: i });

const server = await startServer({ env: { LOGLINE_MAX_QUEUED_EVENTS: '400000', LOGLINE_ALERTS_ALLOW_LOOPBACK_HTTP: '1' } });
const slack = await startSlackReceiver();
const cookie = await signIn(server.url, TEST_ADMIN.email, TEST_ADMIN.password);
const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
  const res = await fetch(`${server.url}${path}`, { method, headers: { cookie, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return (await res.json()) as T;
};
await api('POST', '/api/alerts', { kind: 'storm', name: 'Storms', webhookUrl: slack.url('/storm') });

interface Phase {
  latencies: number[];
  normalSent: number;
  normalFailed: number;
}

/** Normal traffic: NORMAL_RATE events/s as one request per tick; resolves when `stop()` returns true. */
async function normalTraffic(tag: string, stop: () => boolean): Promise<Phase> {
  const per = Math.max(1, Math.round((NORMAL_RATE * NORMAL_TICK_MS) / 1000));
  const phase: Phase = { latencies: [], normalSent: 0, normalFailed: 0 };
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  for (let tick = 0; !stop(); tick++) {
    const due = started + tick * NORMAL_TICK_MS;
    if (due > performance.now()) await new Promise((r) => setTimeout(r, due - performance.now()));
    const body = Array.from({ length: per }, (_, i) => normalLine(tag, tick * per + i)).join('\n');
    const t = performance.now();
    inFlight.push(
      fetch(`${server.url}/api/ingest`, { method: 'POST', headers: ingestHeaders({ 'content-type': 'application/x-ndjson' }), body }).then(async (res) => {
        await res.arrayBuffer();
        if (res.status === 202) {
          phase.latencies.push(performance.now() - t);
          phase.normalSent += per;
        } else phase.normalFailed += per;
      }, () => void (phase.normalFailed += per)),
    );
  }
  await Promise.all(inFlight);
  phase.latencies.sort((a, b) => a - b);
  return phase;
}

async function count(ql: string, start: number): Promise<Record<string, number>> {
  const r = await api<{ rows: Record<string, number>[] }>('POST', '/api/query', { query: ql, start, end: Date.now() + 60_000 });
  return r.rows[0] ?? {};
}

const benchStart = Date.now() - 60_000;
// Warm up (JIT, connections), then the baseline without a storm.
await normalTraffic('warmup', ((end) => () => performance.now() > end)(performance.now() + 3000));
const baseline = await normalTraffic('baseline', ((end) => () => performance.now() > end)(performance.now() + BASELINE_SECONDS * 1000));

// The storm, with normal traffic beside it.
const stormBodies = Array.from({ length: 8 }, (_, b) => Array.from({ length: STORM_BATCH }, (_, i) => stormLine(b * STORM_BATCH + i)).join('\n'));
const storm = { sent: 0, sampled: 0, skipped: 0, failed: 0, latencies: [] as number[], flaggedApiMs: NaN, flaggedSlackMs: NaN };
const stormStart = performance.now();
const stormStartWall = Date.now();
const stormEnd = stormStart + SECONDS * 1000;
const stormTraffic = (async () => {
  let inFlight = 0;
  const pending: Promise<void>[] = [];
  const perTick = (STORM_RATE * TICK_MS) / 1000 / STORM_BATCH;
  let owed = 0;
  for (let tick = 0; performance.now() < stormEnd; tick++) {
    const due = stormStart + tick * TICK_MS;
    if (due > performance.now()) await new Promise((r) => setTimeout(r, due - performance.now()));
    owed += perTick;
    for (; owed >= 1; owed--) {
      if (inFlight >= MAX_IN_FLIGHT) {
        storm.skipped += STORM_BATCH;
        continue;
      }
      inFlight++;
      const t = performance.now();
      pending.push(
        fetch(`${server.url}/api/ingest`, { method: 'POST', headers: ingestHeaders({ 'content-type': 'application/x-ndjson' }), body: stormBodies[tick % stormBodies.length] })
          .then(async (res) => {
            const answer = (await res.json()) as { accepted?: number; sampled?: number };
            if (res.status === 202) {
              storm.sent += answer.accepted ?? 0;
              storm.sampled += answer.sampled ?? 0;
              storm.latencies.push(performance.now() - t);
            } else storm.failed += STORM_BATCH;
          })
          .catch(() => void (storm.failed += STORM_BATCH))
          .finally(() => inFlight--),
      );
    }
  }
  await Promise.all(pending);
})();
const flagged = (async () => {
  while (performance.now() < stormEnd && Number.isNaN(storm.flaggedApiMs)) {
    const r = await api<{ storms: { endedAt: number | null; source: string }[] }>('GET', '/api/alerts/storms');
    if (r.storms.some((s) => s.endedAt === null && s.source === 'web')) storm.flaggedApiMs = performance.now() - stormStart;
    else await new Promise((r) => setTimeout(r, 100));
  }
  await slack.waitFor((m) => m.some((x) => x.message.text.startsWith('Log storm in web')), SECONDS * 1000, 'the storm message');
  storm.flaggedSlackMs = slack.messages.find((x) => x.message.text.startsWith('Log storm in web'))!.at - stormStartWall;
})();
const during = await normalTraffic('during', () => performance.now() > stormEnd);
await stormTraffic;
await flagged.catch(() => undefined);
storm.latencies.sort((a, b) => a - b);
// The baseline again: on a shared machine the load changes under a run; a drift shows here.
const after = await normalTraffic('after', ((end) => () => performance.now() > end)(performance.now() + BASELINE_SECONDS * 1000));

// Counts: every normal event stored, and the kept sample adds up to what was sent.
await new Promise((r) => setTimeout(r, 1000));
const stored = {
  baseline: (await count('filter tag = "baseline" | stats count(*) as n', benchStart)).n,
  during: (await count('filter tag = "during" | stats count(*) as n', benchStart)).n,
  after: (await count('filter tag = "after" | stats count(*) as n', benchStart)).n,
  storm: await count('filter tag = "storm" | stats count(*) as kept, sum(coalesce(logline.represents, 1)) as represented', benchStart),
};
const stormsApi = await api<{ storms: { peakRate: number; kept: number; dropped: number; client: { field: string; value: string } | null }[]; totals: { sampledOut: number } }>('GET', '/api/alerts/storms');
await server.stop();
await slack.close();

// The guard's own cost, in process: storm batches through StormDetector.admit, next to toLogEvent.
function guardCost(): Record<string, string | number>[] {
  const raw = Array.from({ length: STORM_BATCH }, (_, i) => stormLine(i));
  const parsed = raw.map((l) => JSON.parse(l) as Record<string, unknown>);
  const t0 = performance.now();
  let events: LogEvent[] = [];
  for (let r = 0; r < 20; r++) events = parsed.map((p, i) => (toLogEvent(p, { receivedAt: Date.now() }, raw[i]) as { event: LogEvent }).event);
  const normalizeUs = ((performance.now() - t0) * 1000) / (20 * STORM_BATCH);
  const d = new StormDetector(DEFAULT_STORM_SETTINGS);
  const batches = Array.from({ length: 200 }, () => parsed.map((p, i) => (toLogEvent(p, { receivedAt: 0 }, raw[i]) as { event: LogEvent }).event));
  const t1 = performance.now();
  batches.forEach((b, i) => d.admit(b, 1_000_000 + i * 5));
  const guardUs = ((performance.now() - t1) * 1000) / (200 * STORM_BATCH);
  return [
    { step: 'normalize + flatten + fingerprint (toLogEvent), storm event', 'µs/event': Number(normalizeUs.toFixed(2)), 'events/s on one core': Math.round(1e6 / normalizeUs) },
    { step: 'storm guard (StormDetector.admit), storming key', 'µs/event': Number(guardUs.toFixed(2)), 'events/s on one core': Math.round(1e6 / guardUs) },
  ];
}

const seconds = SECONDS;
console.log(`\nStorm benchmark — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; storm ${STORM_RATE}/s offered for ${seconds}s, normal ${NORMAL_RATE}/s as ${Math.round((NORMAL_RATE * NORMAL_TICK_MS) / 1000)}-event requests every ${NORMAL_TICK_MS} ms\n`);
console.log(table([
  { phase: `baseline (normal only, ${BASELINE_SECONDS}s)`, 'normal events/s': Math.round(baseline.normalSent / BASELINE_SECONDS), 'storm events/s acked': 0, 'normal p50 ack ms': Math.round(percentile(baseline.latencies, 50)), 'normal p99 ack ms': Math.round(percentile(baseline.latencies, 99)) },
  { phase: `storm + normal (${seconds}s)`, 'normal events/s': Math.round(during.normalSent / seconds), 'storm events/s acked': Math.round(storm.sent / seconds), 'normal p50 ack ms': Math.round(percentile(during.latencies, 50)), 'normal p99 ack ms': Math.round(percentile(during.latencies, 99)) },
  { phase: `after (normal only, ${BASELINE_SECONDS}s)`, 'normal events/s': Math.round(after.normalSent / BASELINE_SECONDS), 'storm events/s acked': 0, 'normal p50 ack ms': Math.round(percentile(after.latencies, 50)), 'normal p99 ack ms': Math.round(percentile(after.latencies, 99)) },
]));
const noStorm = [...baseline.latencies, ...after.latencies].sort((a, b) => a - b);
const ratio = percentile(during.latencies, 99) / percentile(noStorm, 99);
console.log(`\nnormal ack p99 during the storm / without (before and after together, ${noStorm.length} requests): ${ratio.toFixed(2)} (goal ≤ 2); ${during.latencies.length} requests during; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(`storm requests: p50 ${Math.round(percentile(storm.latencies, 50))} ms, p99 ${Math.round(percentile(storm.latencies, 99))} ms; offered ${storm.sent + storm.skipped + storm.failed}, acked ${storm.sent}, not offered (sender at ${MAX_IN_FLIGHT} in flight) ${storm.skipped}, refused ${storm.failed}`);
console.log(`storm flagged: ${(storm.flaggedApiMs / 1000).toFixed(1)} s after it began on /api/alerts/storms, Slack message after ${(storm.flaggedSlackMs / 1000).toFixed(1)} s (goal ≤ 10 s)`);
console.log(`normal events stored: baseline ${stored.baseline} of ${baseline.normalSent}, during the storm ${stored.during} of ${during.normalSent}, after ${stored.after} of ${after.normalSent} (failed requests: ${baseline.normalFailed + during.normalFailed + after.normalFailed})`);
console.log(`storm events: sent ${storm.sent}, sampled out ${storm.sampled}, kept ${stored.storm.kept}, sum(coalesce(logline.represents, 1)) ${stored.storm.represented} → ${stored.storm.represented === storm.sent ? 'adds up' : 'DOES NOT add up'}`);
const record = stormsApi.storms[0];
console.log(`storm record: ${record ? `client ${record.client?.field} ${record.client?.value}, peak ${record.peakRate}/s, stored ${record.kept}, sampled out ${record.dropped}` : 'none'}; guard counters: ${stormsApi.totals.sampledOut} sampled out`);
console.log('\nThe guard in process (1 000-event storm batches):\n');
console.log(table(guardCost()));
