import { randomBytes } from 'node:crypto';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { AlertEngine } from './alerts/engine';
import { QueryDefinitionMirror } from './aws/query-definitions';
import { ApiKeyStore } from './auth/api-keys';
import { SignInLimiter } from './auth/rate-limit';
import type { IngestStages } from './ingest/pipeline';
import { StormGuard } from './ingest/storm-guard';
import { loadConfig, type Config } from './config';
import { MetaDb } from './meta/db';
import { DuckDbBackend } from './store/duckdb/backend';
import { TailHub } from './tail/hub';

/** Process-wide services. */
export interface Services {
  config: Config;
  backend: DuckDbBackend;
  meta: MetaDb;
  keys: ApiKeyStore;
  /** Failed sign-ins per e-mail (5 per 15 min) and per client address (30: offices share one). */
  signInLimits: { email: SignInLimiter; address: SignInLimiter };
  /** Signs session cookies (NEXTAUTH_SECRET, or generated once and stored). */
  authSecret: string;
  /** AWS mode: team queries mirrored to CloudWatch query definitions. */
  queryMirror: QueryDefinitionMirror | null;
  /** Live tail: every accepted event is offered to it after it is stored. */
  tailHub: TailHub;
  /** The guard and sinks every ingest edge runs (server/ingest/pipeline.ts). */
  ingestStages: IngestStages;
  /** Slack alerts: rules, their state, deliveries (server/alerts). Sees events as an ingest sink. */
  alerts: AlertEngine;
  /** Samples log storms (the ingest guard) and records them (server/ingest/storm-guard.ts). */
  stormGuard: StormGuard;
}

/**
 * One registry on `globalThis`: Next.js bundles route handlers separately from server.ts, so a
 * module-level singleton would exist twice, and DuckDB allows one open instance per file.
 */
const KEY = Symbol.for('logline.services');
type Registry = typeof globalThis & { [KEY]?: Promise<Services> };

export function getServices(): Promise<Services> {
  const g = globalThis as Registry;
  g[KEY] ??= createServices(loadConfig()).catch((error: unknown) => {
    delete g[KEY];
    throw error;
  });
  return g[KEY];
}

export async function closeServices(): Promise<void> {
  const g = globalThis as Registry;
  const services = g[KEY];
  delete g[KEY];
  if (!services) return;
  const s = await services;
  await s.stormGuard.stop();
  await s.alerts.stop();
  await s.backend.close();
}

async function createServices(config: Config): Promise<Services> {
  const backend = await DuckDbBackend.open({ dataDir: config.dataDir, maxQueuedEvents: config.maxQueuedEvents, checkpointEvents: config.checkpointEvents });
  const meta = new MetaDb(await backend.instance.connect());
  const keys = await ApiKeyStore.open(meta, config.ingestKey);
  const authSecret = config.authSecret ?? (await storedSecret(meta));
  const queryMirror = config.mode === 'aws' ? new QueryDefinitionMirror(new CloudWatchLogsClient({ region: config.aws.region, endpoint: config.aws.endpoint }), meta) : null;
  const tailHub = new TailHub();
  const publicUrl = () => config.alerts.publicUrl ?? process.env.NEXTAUTH_URL ?? `http://localhost:${config.port}`;
  const alerts = new AlertEngine({ meta, backend, settings: config.alerts, baseUrl: publicUrl });
  const stormGuard = new StormGuard(config.storm, { meta, onStorm: (report) => alerts.onStorm(report) });
  await alerts.start();
  await stormGuard.start();
  const ingestStages: IngestStages = { guard: stormGuard.guard, sinks: [tailHub.publish, alerts.sink] };
  return { config, backend, meta, keys, signInLimits: { email: new SignInLimiter(5), address: new SignInLimiter(30) }, authSecret, queryMirror, tailHub, ingestStages, alerts, stormGuard };
}

async function storedSecret(meta: MetaDb): Promise<string> {
  const row = await meta.one("SELECT value FROM meta.settings WHERE key = 'auth_secret'");
  if (row) return String(row.value);
  const secret = randomBytes(32).toString('base64url');
  await meta.run("INSERT INTO meta.settings (key, value) VALUES ('auth_secret', $1)", [secret]);
  return secret;
}
