import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testMessage } from '@/lib/alerts/slack-blocks';
import { DEFAULT_DELIVERY, postToWebhook, retryAfterMs, type DeliveryOptions } from './delivery';

/**
 * The retry policy against a real HTTP receiver on loopback that answers from a script; the
 * waits between attempts are recorded instead of slept, so the test takes milliseconds.
 */
type Answer = { status: number; body?: string; headers?: Record<string, string> } | 'hang-up' | 'never';
let script: Answer[] = [];
const received: string[] = [];
let server: http.Server;
let base = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      received.push(body);
      const next = script.shift() ?? { status: 200, body: 'ok' };
      if (next === 'hang-up') return void req.socket.destroy();
      if (next === 'never') return;
      res.writeHead(next.status, next.headers).end(next.body ?? '');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

function options(extra: Partial<DeliveryOptions> = {}) {
  const sleeps: number[] = [];
  const o: DeliveryOptions = { ...DEFAULT_DELIVERY, policy: { allowedHosts: ['hooks.slack.com'], allowLoopbackHttp: true }, sleep: async (ms) => void sleeps.push(ms), ...extra };
  return { o, sleeps };
}
const msg = testMessage({ ruleName: 'r', consoleUrl: 'https://x', sentBy: 'a', at: 0 });

describe('webhook delivery', () => {
  it('posts the message as JSON once when the webhook answers ok', async () => {
    script = [{ status: 200, body: 'ok' }];
    received.length = 0;
    expect(await postToWebhook(`${base}/hook`, msg, options().o)).toEqual({ ok: true, attempts: 1, httpStatus: 200, error: null });
    expect(received.map((b) => JSON.parse(b) as unknown)).toEqual([msg]);
  });

  it('honours Retry-After on 429 and backs off exponentially on 5xx and dropped connections', async () => {
    script = [{ status: 429, body: 'rate_limited', headers: { 'retry-after': '7' } }, { status: 503 }, 'hang-up', { status: 200, body: 'ok' }];
    const { o, sleeps } = options();
    expect(await postToWebhook(`${base}/hook`, msg, o)).toMatchObject({ ok: true, attempts: 4 });
    expect(sleeps[0]).toBe(7000);
    expect(sleeps[1]).toBeGreaterThanOrEqual(1600);
    expect(sleeps[1]).toBeLessThanOrEqual(2400);
    expect(sleeps[2]).toBeGreaterThanOrEqual(3200);
    expect(sleeps[2]).toBeLessThanOrEqual(4800);
  });

  it('gives up at once on answers that will not change, and says what to do', async () => {
    script = [{ status: 410, body: 'channel_is_archived' }];
    const r = await postToWebhook(`${base}/hook`, msg, options().o);
    expect(r).toMatchObject({ ok: false, attempts: 1, httpStatus: 410 });
    expect(r.error).toMatch(/channel_is_archived.*create a new incoming webhook/);
    script = [{ status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data' } }];
    expect((await postToWebhook(`${base}/hook`, msg, options().o)).error).toMatch(/redirect/);
    script = [{ status: 429, headers: { 'retry-after': '3600' } }];
    expect((await postToWebhook(`${base}/hook`, msg, options().o)).error).toMatch(/wait 3600 s/);
  });

  it('times out an attempt that gets no answer, and stops after the last attempt', async () => {
    script = ['never', 'never'];
    const r = await postToWebhook(`${base}/hook`, msg, options({ timeoutMs: 200, maxAttempts: 2 }).o);
    expect(r).toMatchObject({ ok: false, attempts: 2, httpStatus: null });
    expect(r.error).toMatch(/no answer within 0.2 s \(gave up after 2 attempts\)/);
  });

  it('checks the URL again at send time and never calls one the policy refuses', async () => {
    received.length = 0;
    const strict = options({ policy: { allowedHosts: ['hooks.slack.com'], allowLoopbackHttp: false } }).o;
    const r = await postToWebhook(`${base}/hook`, msg, strict);
    expect(r).toMatchObject({ ok: false, attempts: 0 });
    expect(r.error).toMatch(/must use https/);
    expect(received).toEqual([]);
  });

  it('reads Retry-After as seconds or a date', () => {
    expect(retryAfterMs('5')).toBe(5000);
    expect(retryAfterMs(new Date(60_000).toUTCString(), 0)).toBe(60_000);
    expect(retryAfterMs('soon')).toBeNull();
  });
});
