import http from 'node:http';
import next from 'next';
import { parse } from './lib/query';
import { bootstrapAccounts } from './server/auth/bootstrap';
import { seedDemo } from './server/demo';
import { listTeamQueries } from './server/meta/saved-queries';
import { closeServices, getServices } from './server/registry';
import { CloudWatchTailBridge } from './server/tail/cloudwatch-bridge';
import { compileTailFilter } from './server/tail/filter';
import { createTailSocket, TAIL_PATH } from './server/tail/socket';

/**
 * The Logline process: Next.js pages and routes on one port (the live-tail WebSocket joins it
 * later). Started by `logline start` / `npm start`.
 */
export async function startServer({ dev = false } = {}): Promise<http.Server> {
  const services = await getServices();
  const { config, backend } = services;
  // AWS mode reads CloudWatch Logs: demo events would cost ingestion and belong to no producer.
  const seedingDemo = config.mode === 'local' && config.demo && (await backend.count()) === 0;
  await bootstrapAccounts(services, seedingDemo);
  if (config.mode === 'aws') {
    const where = config.aws.endpoint ?? config.aws.region ?? 'the region of the standard AWS chain';
    console.log(`  AWS mode: queries run on CloudWatch Logs Insights (${where}) over the log groups under ${config.aws.logGroupPrefix}; no demo data is generated.`);
    console.log(`  At most ${config.aws.insightsMaxConcurrent} Logs Insights queries at once (LOGLINE_INSIGHTS_MAX_CONCURRENT); users and saved queries stay in ${config.dataDir}.`);
  }
  if (seedingDemo) {
    console.log('  Empty store: generating demo data (LOGLINE_DEMO=0 turns this off)…');
    await seedDemo(services);
  }
  if (services.queryMirror) {
    services.queryMirror
      .reconcile(await listTeamQueries(services.meta))
      .then((r) => console.log(`  CloudWatch query definitions: ${r.put} team queries mirrored, ${r.deleted} stale removed`))
      .catch((error: unknown) => console.error('  Could not mirror team queries to CloudWatch (will retry on next start):', (error as Error).message));
  }
  // AWS mode: the ingest Lambda reads ingest keys from DynamoDB; bring the mirror in line with the store.
  services.keys
    .reconcileMirror()
    .then((r) => r && console.log(`  Ingest keys mirrored to DynamoDB: ${r.put} keys, ${r.deleted} stale removed`))
    .catch((error: unknown) => console.error('  Could not mirror ingest keys to DynamoDB (the ingest Lambda may refuse new keys until the next start):', (error as Error).message));
  if (config.mode === 'aws' && !config.aws.queueUrl) console.warn('  AWS mode without LOGLINE_QUEUE_URL: /api/ingest and /v1/logs answer 503 until it is set');
  // next-auth builds its callback URLs from this; default to where we listen.
  process.env.NEXTAUTH_URL ??= `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;

  const app = next({ dev, dir: import.meta.dirname, hostname: config.host, port: config.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('request failed', error);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  // Long-lived keep-alive senders (SDKs, benchmarks) should not be cut mid-batch.
  server.keepAliveTimeout = 65_000;

  // WebSockets: live tail is ours; no page or route can claim its path. In dev, Next's HMR gets the rest.
  // AWS mode: CloudWatch log groups Logline does not ingest are tailed with StartLiveTail from here.
  const bridge = services.cloudwatch ? new CloudWatchTailBridge(services.cloudwatch) : null;
  const tail = createTailSocket(services, services.tailHub, compileTailFilter, bridge);
  const nextUpgrade = dev ? app.getUpgradeHandler() : null;
  server.on('upgrade', (req, socket, head) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (pathname === TAIL_PATH) void tail.handleUpgrade(req, socket, head);
    else if (nextUpgrade) void nextUpgrade(req, socket, head);
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  // The first local query after a start reads type and size statistics for every later one: pay it
  // now, not in the first person's dashboard. Not in AWS mode: there it is a billed Insights scan.
  const warm = parse('stats count(*)');
  if (config.mode === 'local' && warm.ok) void backend.query(warm.query, { start: Date.now() - 3_600_000, end: Date.now() }).catch(() => undefined);
  const shown = config.host === '0.0.0.0' ? 'localhost' : config.host;
  console.log(`  Logline ${config.mode} mode: http://${shown}:${config.port}  (data: ${config.dataDir})`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`  ${signal}: finishing writes and closing the store…`);
    tail.close();
    server.close();
    server.closeAllConnections();
    await closeServices();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  return server;
}
