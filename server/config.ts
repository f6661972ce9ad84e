import path from 'node:path';
import { z } from 'zod';
import type { OidcConfig } from './auth/oidc';

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
  /** AWS mode: region from the standard chain unless set; endpoint for local stand-ins (moto). */
  AWS_REGION: z.string().min(1).optional(),
  LOGLINE_AWS_ENDPOINT: z.url().optional(),
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
  aws: { region?: string; endpoint?: string };
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
    aws: { region: c.AWS_REGION, endpoint: c.LOGLINE_AWS_ENDPOINT },
  };
}
