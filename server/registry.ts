import { randomBytes } from 'node:crypto';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { IngestKeyMirror } from './aws/ingest-keys';
import { AlertEngine } from './alerts/engine';
import { QueryDefinitionMirror } from './aws/query-definitions';
import { ApiKeyStore } from './auth/api-keys';
import { SignInLimiter } from './auth/rate-limit';
import { localDelivery, queueDelivery } from './ingest/delivery';
import type { IngestDeps } from './ingest/http';
import type { IngestStages } from './ingest/pipeline';
import { QueueProducer } from './sqs/producer';
import { StormGuard } from './ingest/storm-guard';
import { loadConfig, type Config } from './config';
import { MetaDb } from './meta/db';
import type { LogBackend } from './store/backend';
import { CloudWatchBackend, type EventWriter } from './store/cloudwatch/backend';
import { CloudWatchInsights } from './store/cloudwatch/insights';
import { CloudWatchWriter } from './store/cloudwatch/writer';
import { DuckDbBackend } from './store/duckdb/backend';
import { TailHub } from './tail/hub';

/** Process-wide services. */
export interface Services {
  config: Config;
  /** Where events live: the DuckDB file (local mode) or CloudWatch Logs (AWS mode). */
  backend: LogBackend;
  /** The DuckDB file: `meta` (users, saved queries, …) in both modes, and the events in local mode. */
  store: DuckDbBackend;
  meta: MetaDb;
  keys: ApiKeyStore;
  /** Failed sign-ins per e-mail (5 per 15 min) and per client address (30: offices share one). */
  signInLimits: { email: SignInLimiter; address: SignInLimiter };
  /** Signs session cookies (NEXTAUTH_SECRET, or generated once and stored). */
  authSecret: string;
  /** AWS mode: the console's one CloudWatch Logs client (queries, writes, log-group picker, live-tail bridge). */
  cloudwatch: CloudWatchLogsClient | null;
  /** AWS mode: team queries mirrored to CloudWatch query definitions. */
  queryMirror: QueryDefinitionMirror | null;
  /** Live tail: every accepted event is offered to it after it is stored. */
  tailHub: TailHub;
  /** The guard and sinks every ingest edge runs (server/ingest/pipeline.ts). */
  ingestStages: IngestStages;
  /** What /api/ingest and /v1/logs use: key check, limits, and delivery (local pipeline, or SQS in AWS mode). */
  ingest: IngestDeps;
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
  if (s.backend !== s.store) await s.backend.close();
  await s.store.close();
}

async function createServices(config: Config): Promise<Services> {
  const store = await DuckDbBackend.open({ dataDir: config.dataDir, maxQueuedEvents: config.maxQueuedEvents, checkpointEvents: config.checkpointEvents });
  const meta = new MetaDb(await store.instance.connect());
  const aws = { region: config.aws.region, endpoint: config.aws.endpoint };
  // AWS mode: ingest keys mirrored to DynamoDB for the ingest Lambda (server/aws/ingest-keys.ts).
  const keyMirror = config.mode === 'aws' && config.aws.keysTable ? new IngestKeyMirror(new DynamoDBClient(aws), config.aws.keysTable) : null;
  const keys = await ApiKeyStore.open(meta, config.ingestKey, keyMirror);
  const authSecret = config.authSecret ?? (await storedSecret(meta));
  const cloudwatch = config.mode === 'aws' ? cloudWatchClient(config) : null;
  const queryMirror = cloudwatch ? new QueryDefinitionMirror(cloudwatch, meta) : null;
  const backend: LogBackend = cloudwatch ? cloudWatchBackend(config, cloudwatch) : store;
  const tailHub = new TailHub();
  const publicUrl = () => config.alerts.publicUrl ?? process.env.NEXTAUTH_URL ?? `http://localhost:${config.port}`;
  const alerts = new AlertEngine({ meta, backend, settings: config.alerts, baseUrl: publicUrl });
  const stormGuard = new StormGuard(config.storm, { meta, onStorm: (report) => alerts.onStorm(report) });
  await alerts.start();
  await stormGuard.start();
  const ingestStages: IngestStages = { guard: stormGuard.guard, sinks: [tailHub.publish, alerts.sink] };
  // AWS mode: the console's ingest routes enqueue to SQS like the ingest Lambda; the consumer stores.
  const deliver =
    config.mode === 'aws'
      ? queueDelivery(config.aws.queueUrl ? new QueueProducer(new SQSClient(aws), { queueUrl: config.aws.queueUrl, maxMessageBytes: config.aws.sqsMaxMessageBytes }) : null)
      : localDelivery(store, ingestStages);
  const ingest: IngestDeps = { keys, maxBodyBytes: config.maxBodyBytes, deliver };
  return { config, backend, store, meta, keys, signInLimits: { email: new SignInLimiter(5), address: new SignInLimiter(30) }, authSecret, cloudwatch, queryMirror, tailHub, ingestStages, ingest, alerts, stormGuard };
}

/**
 * The console's one CloudWatch Logs client; no call is made until one is needed. Timeouts so an
 * unreachable or silent endpoint fails a call in seconds instead of hanging it: the request timeout
 * runs until the answer starts (so StartLiveTail's hours-long stream is not cut; its idle socket is
 * the SDK's 5 minutes), and it must throw, which this SDK does only when asked. StartLiveTail goes
 * to a `streaming-` host; a stand-in endpoint (LOGLINE_AWS_ENDPOINT) has none, so the prefix is
 * off there (no other call the console makes has one).
 */
function cloudWatchClient(config: Config): CloudWatchLogsClient {
  return new CloudWatchLogsClient({
    region: config.aws.region,
    endpoint: config.aws.endpoint,
    disableHostPrefix: Boolean(config.aws.endpoint),
    requestHandler: { connectionTimeout: 3000, requestTimeout: config.aws.requestTimeoutMs, throwOnRequestTimeout: true },
  });
}

function cloudWatchBackend(config: Config, client: CloudWatchLogsClient): CloudWatchBackend {
  const where = config.aws.endpoint ?? config.aws.region ?? 'the AWS region of the standard chain';
  const insights = new CloudWatchInsights(client, {
    logGroupPrefix: config.aws.logGroupPrefix, maxConcurrent: config.aws.insightsMaxConcurrent, pricePerGb: config.aws.insightsPricePerGb, where,
  });
  return new CloudWatchBackend(insights, client, cloudWatchEventWriter(config, client), where);
}

/**
 * `LogBackend.append` in AWS mode, for the rare event the console stores itself (ingest goes
 * through the queue and the consumer): the consumer's writer, failing when CloudWatch refused any.
 */
function cloudWatchEventWriter(config: Config, client: CloudWatchLogsClient): EventWriter {
  const writer = new CloudWatchWriter(client, { prefix: config.aws.logGroupPrefix, retentionDays: config.aws.retentionDays });
  return {
    append: async (events) => {
      const report = await writer.append(events);
      if (report.failed.length > 0) throw new Error(`CloudWatch Logs did not take ${report.failed.length} of ${events.length} events; retry later`);
      return report;
    },
  };
}

async function storedSecret(meta: MetaDb): Promise<string> {
  const row = await meta.one("SELECT value FROM meta.settings WHERE key = 'auth_secret'");
  if (row) return String(row.value);
  const secret = randomBytes(32).toString('base64url');
  await meta.run("INSERT INTO meta.settings (key, value) VALUES ('auth_secret', $1)", [secret]);
  return secret;
}
