import { expect, test } from '@playwright/test';
import { E2E_INGEST_KEY } from '../playwright.config';
import type { createLogger, Logger, LoggerOptions } from '../sdk/js/src/index';
import { startIngestProxy, type IngestProxy } from '../server/test-support/ingest-proxy';
import { builtSdk, ConsoleReader, openApp, startAppOrigin, type AppOrigin } from './support/sdk-page';

/**
 * The built JS SDK in Chromium, in an app page on its own loopback origin, sending to the real
 * console across origins (CORS). A loopback proxy in front of the console answers 429 once where
 * a test needs the server to be busy.
 */
declare global {
  interface Window {
    logger: Logger;
    createLogger: typeof createLogger;
  }
}

let app: AppOrigin;
let otherOrigin: AppOrigin;
let proxy: IngestProxy;
let reader: ConsoleReader;
let consoleUrl: string;

test.beforeAll(async ({ baseURL }) => {
  consoleUrl = baseURL!;
  const sdk = builtSdk();
  app = await startAppOrigin(sdk);
  otherOrigin = await startAppOrigin(sdk);
  proxy = await startIngestProxy(consoleUrl);
  reader = new ConsoleReader(consoleUrl);
});
test.afterAll(async () => {
  await Promise.all([app?.stop(), otherOrigin?.stop(), proxy?.stop()]);
});

const source = (name: string) => `e2e-sdk-${name}-${Date.now()}`;
const options = (src: string, extra: Partial<LoggerOptions> = {}): LoggerOptions => ({ url: consoleUrl, key: E2E_INGEST_KEY, source: src, ...extra });

test('a re-render loop sends one event plus "suppressed N repeats"', async ({ page }) => {
  const src = source('loop');
  await openApp(page, app, options(src, { flushIntervalMs: 300 }));
  // A component that re-renders on every message (a state update in an effect, say) for 1.5 s.
  const renders = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const channel = new MessageChannel();
        const end = performance.now() + 1500;
        let n = 0;
        channel.port1.onmessage = () => {
          n++;
          window.logger.warn('Maximum update depth exceeded', { component: 'Gradebook' });
          if (performance.now() < end) channel.port2.postMessage(null);
          else resolve(n);
        };
        channel.port2.postMessage(null);
      }),
  );
  expect(renders).toBeGreaterThan(1000);
  const events = await reader.eventsUntil(src, (es) => es.reduce((sum, e) => sum + Number(e.fields['logline.suppressed'] ?? 1), 0) >= renders);
  const originals = events.filter((e) => e.fields.message === 'Maximum update depth exceeded');
  const summaries = events.filter((e) => e.fields.event === 'logline.suppressed');
  expect(originals).toHaveLength(1);
  expect(summaries).toHaveLength(1);
  expect(summaries[0].fields).toMatchObject({ level: 'warn', message: `suppressed ${renders - 1} repeats: Maximum update depth exceeded`, 'logline.suppressed': renders - 1 });
  expect(summaries[0].fields['session.id']).toBe(originals[0].fields['session.id']);
});

test('a 429 with Retry-After is waited out, then the batch is delivered once', async ({ page }) => {
  const src = source('429');
  // The proxy is a third origin: reading Retry-After needs the CORS exposure the console also sends.
  proxy.plan({ status: 429, headers: { 'retry-after': '1' }, body: { error: 'Logline is busy writing; retry after the delay in Retry-After' } });
  await openApp(page, app, { ...options(src, { flushIntervalMs: 100 }), url: proxy.url });
  await page.evaluate(async () => {
    for (let i = 0; i < 3; i++) window.logger.info(`grade saved ${i}`, { i });
    await window.logger.flush();
  });
  const seen = proxy.seen.filter((r) => r.lines.some((l) => l.includes(src)));
  expect(seen.map((r) => r.status)).toEqual([429, 202]);
  expect(seen[1].at - seen[0].at).toBeGreaterThanOrEqual(1000);
  const events = await reader.eventsUntil(src, (es) => es.length >= 3);
  expect(events.map((e) => e.fields.message).sort()).toEqual(['grade saved 0', 'grade saved 1', 'grade saved 2']);
  expect(await page.evaluate(() => window.logger.stats())).toMatchObject({ sent: 3, requests: 2 });
});

test('page hide sends what is buffered (keepalive fetch, key in the header)', async ({ page }) => {
  const src = source('hide');
  // The timer never fires in this test; the guard is off so all 40 similar lines stay buffered.
  await openApp(page, app, options(src, { flushIntervalMs: 600_000, repeats: false }));
  await page.evaluate(() => {
    for (let i = 0; i < 40; i++) window.logger.info(`typed into the comment box ${i}`, { i });
  });
  expect(await page.evaluate(() => window.logger.stats().buffered)).toBe(40);
  await page.goto('about:blank'); // pagehide + visibilitychange → hidden, then the page is gone
  const events = await reader.eventsUntil(src, (es) => es.length >= 40);
  expect(events).toHaveLength(40);
});

test('page hide with a beacon: the source-bound key travels in ?key=', async ({ page }) => {
  const src = source('beacon');
  const key = await reader.sourceKey(src);
  await openApp(page, app, { url: consoleUrl, key, flushIntervalMs: 600_000, unload: { transport: 'beacon' } });
  await page.evaluate(() => {
    for (let i = 0; i < 10; i++) window.logger.event('feature_used', { feature: 'comment-bank', i });
  });
  await page.goto('about:blank');
  const events = await reader.eventsUntil(src, (es) => es.length >= 10);
  expect(events.every((e) => e.log === src && e.fields.event === 'feature_used')).toBe(true);
});

test('more than the 64 KiB keepalive budget at page hide: the rest is sent by the next page of the tab', async ({ page }) => {
  const src = source('big-hide');
  // Through the pass-through proxy, to see how the events travel.
  const config = { ...options(src, { flushIntervalMs: 600_000, repeats: false }), url: proxy.url };
  await openApp(page, app, config);
  await page.evaluate(() => {
    for (let i = 0; i < 300; i++) window.logger.info(`draft autosaved ${i}`, { i, draft: 'lorem ipsum '.repeat(80) }); // ~1 KB each
  });
  await openApp(page, app, config); // same tab, next page: it sends what the first one saved
  const events = await reader.eventsUntil(src, (es) => es.length >= 300);
  expect(events.map((e) => Number(e.fields.i)).sort((a, b) => a - b)).toEqual(Array.from({ length: 300 }, (_, i) => i));
  expect(new Set(events.map((e) => e.fields['session.id'])).size).toBe(1); // one tab, one session
  const [atHide, ...later] = proxy.seen.filter((r) => r.lines.some((l) => l.includes(src)));
  const bytes = (lines: string[]) => Buffer.byteLength(lines.join('\n'));
  expect(bytes(atHide.lines)).toBeLessThanOrEqual(60_000); // the oldest ones, within the keepalive budget
  expect(atHide.lines.length).toBeGreaterThan(40);
  expect(atHide.lines.length + later.reduce((n, r) => n + r.lines.length, 0)).toBe(300);
});

test('a batch on the wire at page hide is not sent again, here or by the next page: it is stored once', async ({ page }) => {
  const src = source('in-flight');
  // The console gets (and stores) the batch at once; its answer is held, so the page is still waiting for it.
  proxy.plan({ holdMs: 4000 });
  const held = Date.now();
  const config = { ...options(src, { flushIntervalMs: 50, repeats: false }), url: proxy.url };
  await openApp(page, app, config);
  await page.evaluate(() => {
    for (let i = 0; i < 5; i++) window.logger.info(`grade saved ${i}`, { i });
  });
  await reader.eventsUntil(src, (es) => es.length >= 5);
  expect(await page.evaluate(() => window.logger.stats())).toMatchObject({ buffered: 5, sent: 0 }); // still on the wire
  await openApp(page, app, config); // same tab, next page: it would send what the first one saved
  await page.evaluate(async () => window.logger.flush());
  // The proxy records a request once answered: when the held one is there, any resend has come too.
  const sent = () => proxy.seen.filter((r) => r.lines.some((l) => l.includes(src)));
  await expect.poll(() => sent().some((r) => r.at - held >= 4000), { timeout: 10_000 }).toBe(true);
  expect(sent()).toHaveLength(1);
  const events = await reader.events(src);
  expect(events.map((e) => Number(e.fields.i)).sort()).toEqual([0, 1, 2, 3, 4]);
});

test('logger.fetch sends x-request-id to the app’s own API and logs the call with it; page views and clicks', async ({ page }) => {
  const src = source('fetch');
  await openApp(page, app, options(src, { flushIntervalMs: 200 }));
  await page.evaluate(() => {
    window.logger.pageView();
    window.logger.trackClicks();
  });
  await page.getByRole('button', { name: 'Save grade' }).click();
  const status = await page.evaluate(async () => (await window.logger.fetch('/api/grades/42?student=s-9&token=secret', { method: 'POST', body: '{}' })).status);
  expect(status).toBe(201);
  // Another origin gets no x-request-id unless listed in propagateTo (a custom header needs its CORS consent).
  await page.evaluate((other) => window.logger.fetch(`${other}/api/other`), otherOrigin.url);
  await page.evaluate(async () => window.logger.flush());

  const call = app.calls.find((c) => c.path === '/api/grades/42');
  const requestId = String(call?.headers['x-request-id']);
  expect(requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(otherOrigin.calls.find((c) => c.path === '/api/other')?.headers['x-request-id']).toBeUndefined();

  const events = await reader.eventsUntil(src, (es) => es.length >= 4);
  const logged = events.find((e) => e.fields['request.id'] === requestId);
  expect(logged?.fields).toMatchObject({ event: 'fetch', method: 'POST', url: '/api/grades/42?student=&token=', status: 201, level: 'info' });
  expect(JSON.stringify(events)).not.toContain('secret');
  expect(events.find((e) => e.fields.event === 'page_view')?.fields).toMatchObject({ page: '/', title: 'Gradebook' });
  expect(events.find((e) => e.fields.event === 'click')?.fields).toMatchObject({ target: 'save-grade', text: 'Save grade', page: '/' });
  const sessions = new Set(events.map((e) => e.fields['session.id']));
  expect(sessions.size).toBe(1);
});
