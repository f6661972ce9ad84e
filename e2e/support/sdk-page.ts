import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { LoggerOptions } from '../../sdk/js/src/index';
import { signIn } from '../../server/test-support/sign-in';
import { ACCOUNTS } from './accounts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** An event as GET /api/events returns it. */
export interface StoredEvent {
  log: string;
  message: string;
  fields: Record<string, unknown>;
}

/** Builds the SDK as a user gets it and returns its ESM bundle. */
export function builtSdk(): string {
  const build = spawnSync(process.execPath, [path.join(ROOT, 'sdk/js/build.mjs')], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`sdk build failed:\n${build.stderr}`);
  return fs.readFileSync(path.join(ROOT, 'sdk/js/dist/index.js'), 'utf8');
}

/**
 * An app's page on its own loopback origin (not the console's), loading the built SDK as an ES
 * module and creating `window.logger` from the options in `?config=`. It also serves
 * `/api/grades/:id`, an app endpoint that records the headers it got (CORS-enabled, so a page on
 * another origin may call it).
 */
export interface AppOrigin {
  url: string;
  /** Headers of every request to /api/… */
  calls: Array<{ path: string; headers: http.IncomingHttpHeaders }>;
  stop: () => Promise<void>;
}

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Gradebook</title></head><body>
<h1>Gradebook</h1><button data-log-click="save-grade">Save grade</button> <a id="help" href="#help">Help</a>
<script type="module">
import { createLogger } from '/sdk/index.js';
const config = JSON.parse(new URLSearchParams(location.search).get('config') || 'null');
if (config) window.logger = createLogger(config);
window.createLogger = createLogger;
document.body.dataset.ready = '1';
</script></body></html>`;

export async function startAppOrigin(sdk: string): Promise<AppOrigin> {
  const calls: AppOrigin['calls'] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://app');
    const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'x-request-id', 'access-control-allow-methods': 'GET, POST' };
    if (url.pathname === '/') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    else if (url.pathname === '/sdk/index.js') res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(sdk);
    else if (url.pathname.startsWith('/api/') && req.method === 'OPTIONS') res.writeHead(204, cors).end();
    else if (url.pathname.startsWith('/api/')) {
      calls.push({ path: url.pathname, headers: req.headers });
      req.resume();
      req.on('end', () => res.writeHead(201, { 'content-type': 'application/json', ...cors }).end('{"saved":true}'));
    } else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Opens the app page with a logger made from `config`, and waits until the module ran. */
export async function openApp(page: Page, app: AppOrigin, config: LoggerOptions | null): Promise<void> {
  await page.goto(`${app.url}/?config=${encodeURIComponent(JSON.stringify(config))}`);
  await page.locator('body[data-ready="1"]').waitFor();
}

/** Reads events back from the console as the demo admin (GET /api/events). */
export class ConsoleReader {
  private cookie: Promise<string>;
  constructor(private readonly baseUrl: string) {
    this.cookie = signIn(baseUrl, ACCOUNTS.admin.email, ACCOUNTS.admin.password);
  }

  async events(source: string): Promise<StoredEvent[]> {
    const res = await fetch(`${this.baseUrl}/api/events?limit=1000&source=${encodeURIComponent(source)}`, { headers: { cookie: await this.cookie } });
    if (!res.ok) throw new Error(`GET /api/events answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { events: StoredEvent[] }).events;
  }

  /** Polls until `done` holds for the source's events (the SDK sends in the background). */
  async eventsUntil(source: string, done: (events: StoredEvent[]) => boolean, timeoutMs = 15_000): Promise<StoredEvent[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const events = await this.events(source);
      if (done(events)) return events;
      if (Date.now() > deadline) throw new Error(`timed out waiting for the events of ${source}; have ${events.length}: ${JSON.stringify(events.map((e) => e.fields.message)).slice(0, 500)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** A new ingest key bound to `source` (a browser key), as an admin creates it. */
  async sourceKey(source: string): Promise<string> {
    const res = await fetch(`${this.baseUrl}/api/admin/keys`, {
      method: 'POST',
      headers: { cookie: await this.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `browser ${source}`, source }),
    });
    if (res.status !== 201) throw new Error(`creating a key answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { secret: string }).secret;
  }
}
