import { ApiKeyStore } from './auth/api-keys';
import { loadConfig, type Config } from './config';
import { DuckDbBackend } from './store/duckdb/backend';

/** Process-wide services. */
export interface Services {
  config: Config;
  backend: DuckDbBackend;
  keys: ApiKeyStore;
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
  if (services) await (await services).backend.close();
}

async function createServices(config: Config): Promise<Services> {
  const backend = await DuckDbBackend.open({ dataDir: config.dataDir, maxQueuedEvents: config.maxQueuedEvents, checkpointEvents: config.checkpointEvents });
  const keys = await ApiKeyStore.open(await backend.instance.connect(), config.ingestKey);
  if (!config.ingestKey && !keys.hasIngestKeys()) {
    const { secret } = await keys.create('default ingest key', 'ingest');
    console.log(
      [
        '',
        '  Logline created an ingest API key. It is shown this once and stored only as a hash:',
        '',
        `      ${secret}`,
        '',
        '  Send it as "Authorization: Bearer <key>". Lost it? Set LOGLINE_INGEST_KEY instead.',
        '',
      ].join('\n'),
    );
  }
  return { config, backend, keys };
}
