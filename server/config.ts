import path from 'node:path';
import { z } from 'zod';
import { isTimeZone } from '@/lib/time/zone';
import type { OidcConfig } from './auth/oidc';
import { DEFAULT_LOG_GROUP_PREFIX, RETENTION_DAYS } from './store/cloudwatch/log-groups';
import { DEFAULT_STORM_SETTINGS, parseSourceThresholds, type StormSettings } from './ingest/storm-rate';
import { parseHostList } from '@/lib/alerts/webhook-url';

const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

/** Every setting comes from the environment, checked once here. Documented in README and .env.example. */
const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOGLINE_MODE: z.enum(['local', 'aws']).default('local'),
  LOGLINE_DATA_DIR: z.string().min(1).default('./data'),
  LOGLINE_INGEST_KEY: z.string().min(16, 'LOGLINE_INGEST_KEY must be at least 16 characters').optional(),
  LOGLINE_DEMO: flag.default(true),
  /** Largest request body accepted by the ingest endpoints, in bytes (after gzip is undone, too). */
  LOGLINE_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(5 * 1024 * 1024),
  /** Events waiting for a commit before ingest answers 429. */
  LOGLINE_MAX_QUEUED_EVENTS: z.coerce.number().int().min(1000).default(200_000),
  /** Events committed between two checkpoints (DuckDB folds its WAL into the file then). */
  LOGLINE_CHECKPOINT_EVENTS: z.coerce.number().int().min(1000).default(250_000),
  /** The first admin, created on first start when there are no users. */
  LOGLINE_ADMIN_EMAIL: z.email().optional(),
  LOGLINE_ADMIN_PASSWORD: z.string().min(10, 'LOGLINE_ADMIN_PASSWORD needs at least 10 characters').optional(),
  /** Signs session cookies; generated and stored on first start when unset. */
  NEXTAUTH_SECRET: z.string().min(32, 'NEXTAUTH_SECRET needs at least 32 characters').optional(),
  LOGLINE_OIDC_ISSUER: z.url().optional(),
  LOGLINE_OIDC_CLIENT_ID: z.string().min(1).optional(),
  LOGLINE_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  LOGLINE_OIDC_NAME: z.string().min(1).default('Single sign-on'),
  LOGLINE_OIDC_ROLES: z.string().default(''),
  /** The team's time zone (IANA): usage weeks start Monday 00:00 there, until an admin changes it on /usage. */
  LOGLINE_TIME_ZONE: z.string().refine(isTimeZone, 'LOGLINE_TIME_ZONE must be an IANA time zone such as Europe/Berlin').default('UTC'),
  /** AWS mode: region from the standard chain unless set; endpoint for local stand-ins (moto). */
  AWS_REGION: z.string().min(1).optional(),
  LOGLINE_AWS_ENDPOINT: z.url().optional(),
  /** AWS mode: how long the console waits for a CloudWatch Logs answer to start (each of the SDK's tries). */
  LOGLINE_AWS_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(30_000),
  /** AWS mode: one log group per source, named prefix + source. */
  LOGLINE_LOG_GROUP_PREFIX: z.string().regex(/^[.\-_/#A-Za-z0-9]{1,200}$/, 'LOGLINE_LOG_GROUP_PREFIX may hold only letters, digits and . - _ / #').default(DEFAULT_LOG_GROUP_PREFIX),
  LOGLINE_LOG_RETENTION_DAYS: z.coerce.number().int().refine((d) => (RETENTION_DAYS as readonly number[]).includes(d), `LOGLINE_LOG_RETENTION_DAYS must be one of ${RETENTION_DAYS.join(', ')}`).default(30),
  /** AWS mode: the ingest queue producers and the console send to, and the worker reads. */
  LOGLINE_QUEUE_URL: z.url().optional(),
  /** AWS mode: largest SQS message (and SendMessageBatch) to send: 262144 fits every queue; 1048576 when the queue allows 1 MiB. */
  LOGLINE_SQS_MAX_MESSAGE_BYTES: z.coerce.number().int().min(16 * 1024).max(1_048_576).default(262_144),
  /** AWS mode: DynamoDB tables (created by infra/): ingest-key hashes, consumer idempotency, live-tail connections. */
  LOGLINE_KEYS_TABLE: z.string().min(3).optional(),
  LOGLINE_DEDUPE_TABLE: z.string().min(3).optional(),
  LOGLINE_CONNECTIONS_TABLE: z.string().min(3).optional(),
  /** AWS mode: the API Gateway WebSocket URL browsers tail from (wss://…), and the secret its tokens are signed with. */
  LOGLINE_TAIL_WS_URL: z.url().optional(),
  LOGLINE_TAIL_TOKEN_SECRET: z.string().min(32, 'LOGLINE_TAIL_TOKEN_SECRET needs at least 32 characters').optional(),
  /** AWS mode: the same secret in Secrets Manager (preferred; read once per process and per Lambda cold start). */
  LOGLINE_TAIL_TOKEN_SECRET_ARN: z.string().startsWith('arn:', 'LOGLINE_TAIL_TOKEN_SECRET_ARN must be a Secrets Manager ARN').optional(),
  /** AWS mode: Logs Insights queries the console runs at once (the account's quota is shared with everyone else). */
  LOGLINE_INSIGHTS_MAX_CONCURRENT: z.coerce.number().int().min(1).max(100).default(10),
  /** AWS mode: US dollars per GB scanned by Logs Insights, for the cost shown with each query (us-east-1 list price). */
  LOGLINE_INSIGHTS_PRICE_PER_GB: z.coerce.number().min(0).max(10).default(0.005),
  /** Alerts: the console's address in Slack links (else NEXTAUTH_URL, else http://localhost:PORT). */
  LOGLINE_PUBLIC_URL: z.url().optional(),
  /** Alerts: hosts webhook URLs may point at (exact names, comma-separated). */
  LOGLINE_SLACK_ALLOWED_HOSTS: z.string().default('hooks.slack.com'),
  /** Alerts, for tests only: also allow http:// webhooks on 127.0.0.1 / localhost / [::1]. */
  LOGLINE_ALERTS_ALLOW_LOOPBACK_HTTP: flag.default(false),
  /** Alerts: where fingerprint rules see events: `sinks` (the ingest pipeline, local mode) or `poll` (queries, AWS mode). */
  LOGLINE_ALERTS_FEED: z.enum(['sinks', 'poll']).optional(),
  LOGLINE_ALERTS_POLL_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  LOGLINE_ALERTS_POLL_LAG_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  /** Storm guard: events/s of one source + fingerprint above which it is sampled (0: off). */
  LOGLINE_STORM_THRESHOLD: z.coerce.number().int().min(0).default(DEFAULT_STORM_SETTINGS.threshold),
  /** Storm guard: per-source thresholds, `web:200,api:1000` (0 turns it off for a source). */
  LOGLINE_STORM_THRESHOLDS: z.string().default('').refine((t) => { try { parseSourceThresholds(t); return true; } catch { return false; } }, 'LOGLINE_STORM_THRESHOLDS must look like web:200,api:1000'),
  /** Storm guard: about how many events/s a storming fingerprint still keeps. */
  LOGLINE_STORM_KEEP: z.coerce.number().int().min(1).max(100_000).default(DEFAULT_STORM_SETTINGS.keepPerSecond),
});

export type Config = Readonly<{
  port: number;
  host: string;
  mode: 'local' | 'aws';
  dataDir: string;
  ingestKey?: string;
  demo: boolean;
  maxBodyBytes: number;
  maxQueuedEvents: number;
  checkpointEvents: number;
  admin?: { email: string; password?: string };
  authSecret?: string;
  oidc?: OidcConfig;
  timeZone: string;
  aws: {
    region?: string;
    endpoint?: string;
    requestTimeoutMs: number;
    logGroupPrefix: string;
    retentionDays: number;
    queueUrl?: string;
    sqsMaxMessageBytes: number;
    keysTable?: string;
    dedupeTable?: string;
    connectionsTable?: string;
    tailWsUrl?: string;
    tailTokenSecret?: string;
    tailTokenSecretArn?: string;
    insightsMaxConcurrent: number;
    insightsPricePerGb: number;
  };
  alerts: {
    publicUrl?: string;
    allowedHosts: string[];
    allowLoopbackHttp: boolean;
    feed: 'sinks' | 'poll';
    pollSeconds: number;
    pollLagSeconds: number;
  };
  storm: StormSettings;
}>;

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST,
    mode: c.LOGLINE_MODE,
    dataDir: path.resolve(c.LOGLINE_DATA_DIR),
    ingestKey: c.LOGLINE_INGEST_KEY,
    demo: c.LOGLINE_DEMO,
    maxBodyBytes: c.LOGLINE_MAX_BODY_BYTES,
    maxQueuedEvents: c.LOGLINE_MAX_QUEUED_EVENTS,
    checkpointEvents: c.LOGLINE_CHECKPOINT_EVENTS,
    admin: c.LOGLINE_ADMIN_EMAIL ? { email: c.LOGLINE_ADMIN_EMAIL, password: c.LOGLINE_ADMIN_PASSWORD } : undefined,
    authSecret: c.NEXTAUTH_SECRET,
    oidc:
      c.LOGLINE_OIDC_ISSUER && c.LOGLINE_OIDC_CLIENT_ID && c.LOGLINE_OIDC_CLIENT_SECRET
        ? { issuer: c.LOGLINE_OIDC_ISSUER, clientId: c.LOGLINE_OIDC_CLIENT_ID, clientSecret: c.LOGLINE_OIDC_CLIENT_SECRET, name: c.LOGLINE_OIDC_NAME, roleMap: c.LOGLINE_OIDC_ROLES }
        : undefined,
    timeZone: c.LOGLINE_TIME_ZONE,
    aws: {
      region: c.AWS_REGION,
      endpoint: c.LOGLINE_AWS_ENDPOINT,
      requestTimeoutMs: c.LOGLINE_AWS_REQUEST_TIMEOUT_MS,
      logGroupPrefix: c.LOGLINE_LOG_GROUP_PREFIX,
      retentionDays: c.LOGLINE_LOG_RETENTION_DAYS,
      queueUrl: c.LOGLINE_QUEUE_URL,
      sqsMaxMessageBytes: c.LOGLINE_SQS_MAX_MESSAGE_BYTES,
      keysTable: c.LOGLINE_KEYS_TABLE,
      dedupeTable: c.LOGLINE_DEDUPE_TABLE,
      connectionsTable: c.LOGLINE_CONNECTIONS_TABLE,
      tailWsUrl: c.LOGLINE_TAIL_WS_URL,
      tailTokenSecret: c.LOGLINE_TAIL_TOKEN_SECRET,
      tailTokenSecretArn: c.LOGLINE_TAIL_TOKEN_SECRET_ARN,
      insightsMaxConcurrent: c.LOGLINE_INSIGHTS_MAX_CONCURRENT,
      insightsPricePerGb: c.LOGLINE_INSIGHTS_PRICE_PER_GB,
    },
    alerts: {
      publicUrl: c.LOGLINE_PUBLIC_URL?.replace(/\/+$/, ''),
      allowedHosts: parseHostList(c.LOGLINE_SLACK_ALLOWED_HOSTS),
      allowLoopbackHttp: c.LOGLINE_ALERTS_ALLOW_LOOPBACK_HTTP,
      feed: c.LOGLINE_ALERTS_FEED ?? (c.LOGLINE_MODE === 'aws' ? 'poll' : 'sinks'),
      pollSeconds: c.LOGLINE_ALERTS_POLL_SECONDS,
      pollLagSeconds: c.LOGLINE_ALERTS_POLL_LAG_SECONDS,
    },
    storm: {
      ...DEFAULT_STORM_SETTINGS,
      threshold: c.LOGLINE_STORM_THRESHOLD,
      perSource: parseSourceThresholds(c.LOGLINE_STORM_THRESHOLDS),
      keepPerSecond: c.LOGLINE_STORM_KEEP,
    },
  };
}
