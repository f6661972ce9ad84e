import { spawn, spawnSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIngestProxy, type IngestProxy } from '@/server/test-support/ingest-proxy';
import { readEvents, type StoredEvent } from '@/server/test-support/otlp';
import { signIn } from '@/server/test-support/sign-in';
import { freePort, startServer, TEST_ADMIN, TEST_INGEST_KEY, type RunningServer } from '@/server/test-support/spawn-server';
import type * as Sdk from './src/index';

/**
 * The JS SDK as a user gets it (the built sdk/js/dist/index.js) in Node, against the real ingest
 * endpoint. Where a test needs an answer the server gives only under load (429/503 with
 * Retry-After), a loopback proxy in front answers it once and then forwards to the real server.
 */
let sdk: typeof Sdk;
let server: RunningServer;
let proxy: IngestProxy;
let cookie: string;

beforeAll(async () => {
  const build = spawnSync(process.execPath, [path.join(import.meta.dirname, 'build.mjs')], { encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
  sdk = (await import(pathToFileURL(path.join(import.meta.dirname, 'dist/index.js')).href)) as typeof Sdk;
  // The batching tests send thousands of one message template within a second, which the storm
  // guard would rightly sample (server/ingest/storm-guard.int.test.ts); here every event must land.
  server = await startServer({ env: { LOGLINE_STORM_THRESHOLD: '0' } });
  proxy = await startIngestProxy(server.url);
  cookie = await signIn(server.url, TEST_ADMIN.email, TEST_ADMIN.password);
});
afterAll(async () => {
  await proxy?.stop();
  await server?.stop();
});

let n = 0;
const uniqueSource = (name: string) => `sdk-${name}-${Date.now()}-${n++}`;
const events = (source: string): Promise<StoredEvent[]> => readEvents(server.url, cookie, source);
const seenFor = (source: string) => proxy.seen.filter((r) => r.lines.some((l) => l.includes(`"source":"${source}"`)));

async function until<T>(what: string, probe: () => Promise<T> | T, done: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs an ES module script in a fresh Node (async: the proxy it may talk to lives in this process). */
function runNode(script: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', script]);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) =>
    child.on('close', (status) => {
      clearTimeout(killer);
      resolve({ status, stdout, stderr });
    }),
  );
}

async function stats(source: string): Promise<{ n: number; sum: number }> {
  const res = await fetch(`${server.url}/api/query`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'filter ispresent(i) | stats count() as n, sum(i) as sum', start: Date.now() - 3_600_000, end: Date.now() + 60_000, sources: [source] }),
  });
  const body = (await res.json()) as { rows: Array<{ n: number; sum: number }> };
  return { n: Number(body.rows[0]?.n ?? 0), sum: Number(body.rows[0]?.sum ?? 0) };
}

describe('batching', () => {
  it('sends 1 000 events per request at once, the rest after the interval, gzip; each event stored once', async () => {
    const source = uniqueSource('batch');
    const logger = sdk.createLogger({ url: proxy.url, key: TEST_INGEST_KEY, source, flushIntervalMs: 400 });
    for (let i = 0; i < 2500; i++) logger.info('row imported', { i });
    expect(seenFor(source)).toHaveLength(0); // nothing is sent on the caller's path
    const seen = await until('three requests', () => seenFor(source), (s) => s.length === 3);
    expect(seen.map((r) => r.lines.length)).toEqual([1000, 1000, 500]);
    expect(seen[2].at - seen[1].at).toBeGreaterThanOrEqual(300);
    expect(seen[0].headers['content-encoding']).toBe('gzip');
    expect(seen[0].headers.authorization).toBe(`Bearer ${TEST_INGEST_KEY}`);
    expect(seen.map((r) => r.status)).toEqual([202, 202, 202]);
    expect(await until('2 500 stored', () => stats(source), (s) => s.n >= 2500)).toEqual({ n: 2500, sum: (2499 * 2500) / 2 });
    expect(logger.stats()).toMatchObject({ buffered: 0, sent: 2500, requests: 3 });
    await logger.close();
  });
});

describe('failures', () => {
  it('429 with Retry-After: waits as told, then delivers each event once', async () => {
    const source = uniqueSource('429');
    proxy.plan({ status: 429, headers: { 'retry-after': '1' }, body: { error: 'Logline is busy writing; retry after the delay in Retry-After' } });
    const logger = sdk.createLogger({ url: proxy.url, key: TEST_INGEST_KEY, source, flushIntervalMs: 50 });
    for (let i = 0; i < 5; i++) logger.warn('slow checkout', { i });
    await logger.flush();
    const seen = seenFor(source);
    expect(seen.map((r) => r.status)).toEqual([429, 202]);
    expect(seen[1].at - seen[0].at).toBeGreaterThanOrEqual(1000);
    expect(seen[1].lines).toEqual(seen[0].lines); // the same batch, retried
    expect(await stats(source)).toEqual({ n: 5, sum: 10 });
    expect(logger.stats()).toMatchObject({ sent: 5, requests: 2, dropped: { retries: 0, rejected: 0 } });
    await logger.close();
  });

  it('400 and 413 from the real server are not retried: refused events are counted and reported to onError', async () => {
    const source = uniqueSource('refused');
    const problems: Sdk.DeliveryProblem[] = [];
    const opts = { url: server.url, key: TEST_INGEST_KEY, source, maxStringLength: 400_000, maxEventBytes: 500_000, onError: (p: Sdk.DeliveryProblem) => problems.push(p) };
    const logger = sdk.createLogger(opts);
    logger.info('before', { i: 1 });
    logger.info('too big for the server (256 KB per event)', { pad: 'x'.repeat(300_000) });
    logger.info('after', { i: 2 });
    await logger.flush();
    expect(logger.stats()).toMatchObject({ sent: 2, requests: 1, dropped: { rejected: 1 } });
    expect(problems).toEqual([expect.objectContaining({ kind: 'rejected', status: 400, events: 1, message: expect.stringMatching(/1 of 3 events were refused/) })]);
    expect(await stats(source)).toEqual({ n: 2, sum: 3 });

    logger.info('after the refusal', { i: 3 });
    await logger.flush();
    const report = (await events(source)).find((e) => e.fields.event === 'logline.dropped');
    expect(report?.fields).toMatchObject({ 'logline.dropped': 1, 'logline.dropped.rejected': 1 });
    await logger.close();

    const alone = sdk.createLogger({ ...opts, source: uniqueSource('413') });
    alone.info('alone and too big', { pad: 'y'.repeat(300_000) });
    await alone.flush();
    expect(alone.stats()).toMatchObject({ requests: 1, sent: 0, dropped: { rejected: 1 } });
    expect(problems[1]).toMatchObject({ kind: 'too-large', status: 413, events: 1 });
    await alone.close();
  });

  it('401 is not retried; an onError that throws does not break anything', async () => {
    const logger = sdk.createLogger({ url: server.url, key: 'lk_wrong-key-0000000000000000', source: uniqueSource('401'), onError: () => { throw new Error('app bug'); } });
    logger.error('payment failed');
    logger.error('payment failed again');
    await logger.flush();
    expect(logger.stats()).toMatchObject({ requests: 1, sent: 0, dropped: { rejected: 2, retries: 0 } });
    await logger.close();
  });

  it('a dead endpoint: calls return at once and never throw; flush retries with backoff, gives up and counts', async () => {
    const port = await freePort(); // nothing listens there
    const logger = sdk.createLogger({ url: `http://127.0.0.1:${port}`, key: 'k', onError: () => undefined, retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 40 } });
    for (let i = 0; i < 10; i++) expect(logger.info('into the void', { i })).toBeUndefined();
    await logger.flush();
    expect(logger.stats()).toMatchObject({ buffered: 0, sent: 0, requests: 3, dropped: { retries: 10 } });
    await logger.close();
  });

  it('close() returns after its timeout when the server never answers, counting what was not sent', async () => {
    const hang = http.createServer(() => undefined); // accepts, never answers
    await new Promise<void>((r) => hang.listen(0, '127.0.0.1', r));
    const logger = sdk.createLogger({ url: `http://127.0.0.1:${(hang.address() as AddressInfo).port}`, key: 'k', onError: () => undefined });
    for (let i = 0; i < 7; i++) logger.info('stuck', { i });
    const started = Date.now();
    await logger.close(300);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(logger.stats().dropped.retries).toBe(7);
    logger.info('after close is ignored');
    expect(logger.stats().buffered).toBe(0);
    hang.closeAllConnections();
    hang.close();
  });

  it('a full buffer drops and counts; the counts reach the server as a logline.dropped event', async () => {
    const source = uniqueSource('drops');
    proxy.plan({ status: 503, headers: { 'retry-after': '1' } });
    const logger = sdk.createLogger({ url: proxy.url, key: TEST_INGEST_KEY, source, flushIntervalMs: 50, maxBufferEvents: 100, onError: () => undefined, repeats: false });
    for (let i = 0; i < 10; i++) logger.info('first', { i });
    await until('the first request', () => seenFor(source), (s) => s.length === 1);
    for (let i = 10; i < 310; i++) logger.info('while the server is down', { i });
    expect(logger.stats().dropped.buffer).toBe(200);
    await logger.flush();
    const stored = await events(source);
    const report = stored.find((e) => e.fields.event === 'logline.dropped');
    expect(report?.fields).toMatchObject({ level: 'warn', 'logline.dropped': 200, 'logline.dropped.buffer': 200, 'logline.dropped.rejected': 0 });
    expect(stored.filter((e) => e.fields.i !== undefined)).toHaveLength(110);
    await logger.close();
  });
});

describe('the re-render guard', () => {
  it('folds identical events: one event plus "suppressed N repeats"', async () => {
    const source = uniqueSource('fold');
    const logger = sdk.createLogger({ url: server.url, key: TEST_INGEST_KEY, source });
    for (let i = 0; i < 50; i++) logger.warn('Maximum update depth exceeded', { component: 'Gradebook' });
    logger.info('user went on');
    await logger.close();
    const stored = await events(source);
    expect(stored.map((e) => e.fields.message).sort()).toEqual(['Maximum update depth exceeded', 'suppressed 49 repeats: Maximum update depth exceeded', 'user went on']);
    const summary = stored.find((e) => e.fields.event === 'logline.suppressed');
    expect(summary?.fields).toMatchObject({ level: 'warn', 'logline.suppressed': 49, 'logline.repeat.message': 'Maximum update depth exceeded', 'session.id': logger.sessionId });
  });

  it('a re-render loop over several seconds: thousands of calls become a handful of events whose counts add up', async () => {
    const source = uniqueSource('loop');
    // The browser's defaults (in Node the token bucket is off unless `burst` is given).
    const logger = sdk.createLogger({ url: server.url, key: TEST_INGEST_KEY, source, flushIntervalMs: 200, repeats: { burst: 20, perSecond: 5 } });
    let renders = 0;
    const until_ = Date.now() + 2500;
    while (Date.now() < until_) {
      renders++;
      logger.debug(`render Gradebook #${renders}`, { renderCount: renders }); // changes every time: token bucket
      logger.warn('Maximum update depth exceeded', { component: 'Gradebook' }); // identical: folded
      if (renders % 50 === 0) await new Promise((r) => setImmediate(r)); // let the SDK's timers run, like frames
    }
    await logger.close();
    const stored = await events(source);
    expect(renders).toBeGreaterThan(2000);
    expect(stored.length).toBeLessThan(60);
    const total = (pattern: RegExp) =>
      stored.filter((e) => pattern.test(String(e.fields.message))).reduce((sum, e) => sum + (e.fields.event === 'logline.suppressed' ? Number(e.fields['logline.suppressed']) : 1), 0);
    expect(stored.filter((e) => e.fields.message === 'Maximum update depth exceeded')).toHaveLength(1);
    expect(total(/Maximum update depth exceeded/)).toBe(renders);
    expect(total(/render Gradebook/)).toBe(renders);
    expect(logger.stats().suppressed).toBe(2 * renders - stored.filter((e) => e.fields.event !== 'logline.suppressed').length);
  });
});

describe('never throws into the app', () => {
  it('logs circular objects, BigInt, Errors, huge strings, functions, Proxies and odd messages', async () => {
    const source = uniqueSource('hostile');
    const logger = sdk.createLogger({ url: server.url, key: TEST_INGEST_KEY, source, repeats: false });
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;
    const err = Object.assign(new TypeError('cannot read properties of undefined', { cause: new Error('the cause') }), { code: 'E_UI' });
    const calls: Array<() => void> = [
      () => logger.info('circular', { circular }),
      () => logger.info('bigint', { big: 2n ** 64n }),
      () => logger.error(err),
      () => logger.error('with error field', { error: err }),
      () => logger.info('huge', { blob: 'z'.repeat(5_000_000) }),
      () => logger.info('functions', { onClick: function handleClick() {}, sym: Symbol('k') }),
      () => logger.info('proxy', { p: new Proxy({}, { ownKeys: () => { throw new Error('trap'); } }) }),
      () => logger.info(undefined),
      () => logger.info({ not: 'a string' }),
      () => logger.info('fields not an object', 'just text' as unknown as Sdk.Fields),
      () => logger.log('shout' as Sdk.Level, 'unknown level'),
      () => logger.event('checkout_started', { cart: { items: 3 } }),
    ];
    for (const call of calls) expect(call).not.toThrow();
    await logger.close();
    const byMessage = new Map((await events(source)).map((e) => [String(e.fields.message), e.fields]));
    expect(byMessage.get('circular')).toMatchObject({ 'circular.name': 'loop', 'circular.self': '[Circular]' });
    expect(byMessage.get('bigint')?.big).toBe('18446744073709551616');
    expect(byMessage.get('cannot read properties of undefined')).toMatchObject({ level: 'error', 'error.name': 'TypeError', 'error.code': 'E_UI', 'error.cause.message': 'the cause' });
    expect(String(byMessage.get('cannot read properties of undefined')?.['error.stack'])).toMatch(/^TypeError: cannot read properties of undefined\n\s+at /);
    expect(byMessage.get('with error field')).toMatchObject({ 'error.name': 'TypeError', 'error.message': 'cannot read properties of undefined' });
    expect(String(byMessage.get('huge')?.blob)).toMatch(/^z{8192}…\[\+4991808 chars\]$/);
    expect(byMessage.get('functions')).toMatchObject({ onClick: '[Function handleClick]', sym: 'Symbol(k)' });
    expect(byMessage.get('proxy')?.p).toBe('[Unreadable]');
    expect(byMessage.has('undefined')).toBe(true);
    expect(byMessage.get('{"not":"a string"}')).toBeDefined();
    expect(byMessage.get('fields not an object')?.data).toBe('just text');
    expect(byMessage.get('unknown level')?.level).toBe('info');
    expect(byMessage.get('checkout_started')).toMatchObject({ event: 'checkout_started', 'cart.items': 3, level: 'info' });
    expect(logger.stats().dropped.internal).toBe(0);
  });

  it('refuses bad options loudly at createLogger, once', () => {
    expect(() => sdk.createLogger({ url: 'not a url', key: 'k' })).toThrow(/not a URL/);
    expect(() => sdk.createLogger({ url: 'http://x', key: '' })).toThrow(/options.key/);
    expect(() => sdk.createLogger({ url: 'ftp://x', key: 'k' })).toThrow(/http\(s\)/);
    expect(() => sdk.createLogger({ url: 'http://x', key: 'k', batchSize: 0 })).toThrow(/batchSize must be a positive number/);
  });
});

describe('correlation', () => {
  it('logger.fetch sends x-request-id; the backend logs it too, so client and server events share it', async () => {
    const client = uniqueSource('web');
    const api = uniqueSource('api');
    const apiLogger = sdk.createLogger({ url: server.url, key: TEST_INGEST_KEY, source: api });
    const backend = http.createServer((req, res) => {
      apiLogger.info(`${req.method} ${req.url?.split('?')[0]} 201`, { 'request.id': req.headers['x-request-id'], route: '/api/grades/:id' });
      res.writeHead(201).end('{}');
    });
    await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
    const logger = sdk.createLogger({ url: server.url, key: TEST_INGEST_KEY, source: client });

    const res = await logger.fetch(`${base}/api/grades/42?token=secret&page=2`, { method: 'post', body: '{}' });
    expect(res.status).toBe(201);
    await logger.fetch(new Request(`${base}/api/me`, { headers: { 'x-request-id': 'req-from-app' } }));
    const dead = `http://127.0.0.1:${await freePort()}/api/down`;
    await expect(logger.fetch(dead)).rejects.toThrow(TypeError); // fetch's own error, unchanged
    await Promise.all([logger.close(), apiLogger.close()]);
    backend.close();

    const clientEvents = await events(client);
    const call = clientEvents.find((e) => e.fields.method === 'POST');
    expect(call?.fields).toMatchObject({ event: 'fetch', level: 'info', status: 201, url: `${base}/api/grades/42?token=&page=` });
    expect(String(call?.fields.message)).toMatch(new RegExp(`^POST ${base}/api/grades/42\\?token=&page= 201 in \\d+ms$`));
    expect(typeof call?.fields.duration_ms).toBe('number');
    expect(JSON.stringify(clientEvents)).not.toContain('secret');
    const requestId = String(call?.fields['request.id']);
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const apiEvents = await events(api);
    expect(apiEvents.find((e) => e.fields['request.id'] === requestId)?.fields.message).toBe('POST /api/grades/42 201');
    expect(apiEvents.find((e) => e.fields['request.id'] === 'req-from-app')).toBeDefined();
    expect(clientEvents.find((e) => e.fields.url === `${base}/api/me`)?.fields['request.id']).toBe('req-from-app');
    expect(clientEvents.find((e) => String(e.fields.url).endsWith('/api/down'))?.fields).toMatchObject({ level: 'error', event: 'fetch', 'error.name': 'TypeError' });
  });

  it('a Node script that just ends still delivers what it logged (flush when the event loop empties)', async () => {
    const source = uniqueSource('exit');
    const script = `import { createLogger } from ${JSON.stringify(pathToFileURL(path.join(import.meta.dirname, 'dist/index.js')).href)};
      const logger = createLogger({ url: ${JSON.stringify(server.url)}, key: ${JSON.stringify(TEST_INGEST_KEY)}, source: ${JSON.stringify(source)}, flushIntervalMs: 60000 });
      for (let i = 0; i < 5; i++) logger.info('job step', { i });`;
    const run = await runNode(script);
    expect(run.status, run.stderr).toBe(0);
    expect((await events(source)).map((e) => e.fields.i).sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('an awaited flush() holds a Node script open through a Retry-After wait the timer started', async () => {
    const source = uniqueSource('exit-429');
    proxy.plan({ status: 429, headers: { 'retry-after': '1' } });
    const script = `import { createLogger } from ${JSON.stringify(pathToFileURL(path.join(import.meta.dirname, 'dist/index.js')).href)};
      const logger = createLogger({ url: ${JSON.stringify(proxy.url)}, key: ${JSON.stringify(TEST_INGEST_KEY)}, source: ${JSON.stringify(source)}, flushIntervalMs: 10, onError: () => {} });
      for (let i = 0; i < 3; i++) logger.info('job step', { i });
      await new Promise((r) => setTimeout(r, 300)); // the timer's batch got its 429 and waits
      await logger.flush();
      console.log(JSON.stringify(logger.stats()));`;
    const run = await runNode(script);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ sent: 3, requests: 2 });
    expect((await events(source)).map((e) => e.fields.i).sort()).toEqual([0, 1, 2]);
  });

  it('every event of a Node process carries the same session.id', async () => {
    const source = uniqueSource('session');
    const a = sdk.createLogger({ url: server.url, key: TEST_INGEST_KEY, source });
    const b = sdk.createLogger({ url: server.url, key: TEST_INGEST_KEY, source });
    a.info('from a');
    b.info('from b');
    await Promise.all([a.close(), b.close()]);
    expect(a.sessionId).toBe(b.sessionId);
    expect((await events(source)).map((e) => e.fields['session.id'])).toEqual([a.sessionId, a.sessionId]);
  });
});
