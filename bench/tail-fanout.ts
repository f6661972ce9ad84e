/**
 * `npm run bench:tail-fanout`: what the live-tail fan-out adds to the AWS consumer. Batches of
 * 1 000 events (ten SQS messages of 100) are offered to API Gateway connections holding the 20
 * filters of bench:tail; the connections table is DynamoDB on moto_server, and `@connections` is a
 * loopback HTTP server that answers like API Gateway (moto keeps no posts), so the figures are the
 * fan-out's own work plus real SDK calls over loopback, not AWS's latency.
 */
import http from 'node:http';
import os from 'node:os';
import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { toLogEvent, type LogEvent } from '@/lib/events';
import { createConnectionFanOut } from '@/server/tail/aws/fanout';
import { startMoto } from '@/server/test-support/moto';
import { createConnectionsTable } from '@/server/test-support/tail-connections';
import type { TailStats } from '@/lib/tail/stats';
import { percentile, table } from './stats';
import { FILTERS, raw } from './tail-data';

const CONNECTIONS = Number(process.env.CONNECTIONS ?? 40);
const BATCHES = Number(process.env.BATCHES ?? 30);
const BATCH = 1000;

const moto = await startMoto();
const { store } = await createConnectionsTable(moto);
const received = new Map<string, { events: number; stats: TailStats | null }>();
const sizes: number[] = [];
const connections = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const id = decodeURIComponent(req.url!.split('/@connections/')[1] ?? '');
    const body = Buffer.concat(chunks);
    sizes.push(body.length);
    // Only the counters are parsed (and events counted by their first key): the stub must not cost what it measures.
    const text = body.toString();
    const r = received.get(id) ?? { events: 0, stats: null };
    r.events += text.match(/\{"timestamp":/g)?.length ?? 0;
    r.stats = JSON.parse(text.slice(text.lastIndexOf('"stats":') + 8, text.lastIndexOf(',"queued"'))) as TailStats;
    received.set(id, r);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
await new Promise<void>((r) => connections.listen(0, '127.0.0.1', r));
const port = (connections.address() as { port: number }).port;
const management = new ApiGatewayManagementApiClient({ ...moto.client, endpoint: `http://127.0.0.1:${port}/live` });

for (let i = 0; i < CONNECTIONS; i++) {
  await store.put({ connectionId: `c${i}`, userId: 'bench', role: 'developer' });
  await store.subscribe(`c${i}`, { subscriptionId: `s${i}`, sources: [], filter: FILTERS[i % FILTERS.length], maxRate: 2000, buffer: 5000 });
}
const batches: LogEvent[][] = Array.from({ length: BATCHES }, (_, b) =>
  Array.from({ length: BATCH }, (_, i) => {
    const r = toLogEvent(raw(b * BATCH + i, Date.now()), { source: 'api', receivedAt: Date.now() });
    if (!r.ok) throw new Error(r.error);
    return r.event;
  }),
);

const fanOut = createConnectionFanOut({ store, management });
const durations: number[] = [];
const cpuBefore = process.cpuUsage();
for (const batch of batches) {
  const t = performance.now();
  await fanOut(batch);
  durations.push(performance.now() - t);
}
const cpu = process.cpuUsage(cpuBefore);
connections.close();
await moto.stop();

let delivered = 0;
let accounted = 0;
let matched = 0;
for (const r of received.values()) {
  delivered += r.events;
  matched += r.stats?.matched ?? 0;
  accounted += r.events + (r.stats?.sampledOut ?? 0) + (r.stats?.dropped ?? 0);
}
durations.sort((a, b) => a - b);
sizes.sort((a, b) => a - b);
const mean = durations.reduce((a, b) => a + b, 0) / durations.length;
console.log(`\nLive-tail fan-out benchmark — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}\n`);
console.log(
  table([
    {
      path: `${BATCHES} batches of ${BATCH} events → ${CONNECTIONS} connections, ${FILTERS.length} filters`,
      'p50 ms/batch': Math.round(percentile(durations, 50)),
      'p99 ms/batch': Math.round(percentile(durations, 99)),
      'events/s': Math.round((BATCH * 1000) / mean),
      // This process only (fan-out + the SDK + the small stub); moto's DynamoDB runs apart.
      'CPU ms/batch': Math.round((cpu.user + cpu.system) / 1000 / BATCHES),
      delivered,
      'uncounted': matched - accounted,
      posts: sizes.length,
      'avg KB/post': Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length / 102.4) / 10,
      'max KB/post': Math.round(sizes.at(-1)! / 102.4) / 10,
    },
  ]),
);
