import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { signIn } from '../test-support/sign-in';
import { ingestHeaders, startServer, TEST_ADMIN, type RunningServer } from '../test-support/spawn-server';

/** Live tail over real WebSockets against the real server. */
let server: RunningServer;
let developer = '';
let viewer = '';

interface Msg {
  type: string;
  events?: { fields: Record<string, unknown>; message: string }[];
  stats?: { dropped: number; matched: number; sampledOut: number };
  message?: string;
  line?: number;
}

function connect(cookie?: string): Promise<{ ws: WebSocket; messages: Msg[]; next: (type: string, timeoutMs?: number) => Promise<Msg> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws/tail`, { headers: cookie ? { cookie } : {} });
    const messages: Msg[] = [];
    const waiters: { type: string; resolve: (m: Msg) => void }[] = [];
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString()) as Msg;
      messages.push(m);
      const i = waiters.findIndex((w) => w.type === m.type);
      if (i >= 0) waiters.splice(i, 1)[0].resolve(m);
    });
    ws.once('open', () =>
      resolve({
        ws,
        messages,
        next: (type, timeoutMs = 10_000) =>
          new Promise((res, rej) => {
            waiters.push({ type, resolve: res });
            setTimeout(() => rej(new Error(`no ${type} message within ${timeoutMs} ms`)), timeoutMs);
          }),
      }),
    );
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

async function ingest(events: unknown[]): Promise<void> {
  const res = await fetch(`${server.url}/api/ingest`, { method: 'POST', headers: ingestHeaders(), body: JSON.stringify(events) });
  expect(res.status).toBe(202);
}

beforeAll(async () => {
  // The flood below is one fingerprint on purpose (it tests the tail's own sampling): no storm guard.
  server = await startServer({ env: { LOGLINE_STORM_THRESHOLD: '0' } });
  const admin = await signIn(server.url, TEST_ADMIN.email, TEST_ADMIN.password);
  for (const role of ['developer', 'viewer']) {
    await fetch(`${server.url}/api/admin/users`, { method: 'POST', headers: { cookie: admin, 'content-type': 'application/json' }, body: JSON.stringify({ email: `${role}@example.com`, role, password: `${role}-password-1` }) });
  }
  developer = await signIn(server.url, 'developer@example.com', 'developer-password-1');
  viewer = await signIn(server.url, 'viewer@example.com', 'viewer-password-1');
});
afterAll(async () => {
  await server?.stop();
});

describe('/ws/tail', () => {
  it('refuses an upgrade without a session, and a viewer', async () => {
    await expect(connect()).rejects.toThrow('HTTP 401');
    await expect(connect(viewer)).rejects.toThrow('HTTP 403');
  });

  it('streams exactly the events the query engine selects for the same filter', async () => {
    const client = await connect(developer);
    const filter = 'level = "error" and (status >= 500 or route like /checkout/) and tag = "t1"';
    client.ws.send(JSON.stringify({ type: 'subscribe', filter }));
    await client.next('subscribed');
    const events = Array.from({ length: 300 }, (_, i) => ({
      tag: 't1', seq: i, level: ['error', 'ERROR', 'info', 'warn'][i % 4], status: [200, 500, '503', null][i % 7 % 4], route: i % 5 === 0 ? '/api/checkout/pay' : '/api/me', message: `event ${i}`,
    }));
    const start = Date.now() - 1000;
    await ingest(events);
    const received: number[] = [];
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      received.splice(0, received.length, ...client.messages.filter((m) => m.type === 'events').flatMap((m) => m.events!.map((e) => Number(e.fields.seq))));
    }
    const res = await fetch(`${server.url}/api/query`, {
      method: 'POST',
      headers: { cookie: developer, 'content-type': 'application/json' },
      body: JSON.stringify({ query: `filter ${filter} | fields seq | limit 10000`, start, end: Date.now() + 1000 }),
    });
    const selected = ((await res.json()) as { rows: { seq: number }[] }).rows.map((r) => Number(r.seq));
    expect(selected.length).toBeGreaterThan(20);
    expect(received.sort((a, b) => a - b)).toEqual(selected.sort((a, b) => a - b));
    client.ws.close();
  });

  it('a slow client gets drop counts while a fast one receives everything', async () => {
    const fast = await connect(developer);
    const slow = await connect(developer);
    fast.ws.send(JSON.stringify({ type: 'subscribe', filter: 'tag = "flood"', maxRate: 10_000 }));
    await fast.next('subscribed');
    // The slow client lets the server hold only 50 events for it, so the overflow is certain.
    slow.ws.send(JSON.stringify({ type: 'subscribe', filter: 'tag = "flood"', maxRate: 10_000, buffer: 50 }));
    await slow.next('subscribed');
    // Stop reading on the slow client: its server-side buffer fills, then its queue, then drops begin.
    (slow.ws as unknown as { _socket: { pause: () => void; resume: () => void } })._socket.pause();
    // 8 000 events of ~4 KB on the wire (~35 MB): paced under the 10 000/s sampling limit, and more
    // than the kernel's socket buffers and the 1 MB send buffer hold.
    const total = 8_000;
    for (let b = 0; b < total / 1000; b++) {
      const started = Date.now();
      await ingest(Array.from({ length: 1000 }, (_, i) => ({ tag: 'flood', seq: b * 1000 + i, message: 'x'.repeat(2000) })));
      await new Promise((r) => setTimeout(r, Math.max(0, 150 - (Date.now() - started))));
    }
    const count = (c: typeof fast) => c.messages.filter((m) => m.type === 'events').reduce((n, m) => n + m.events!.length, 0);
    const deadline = Date.now() + 30_000;
    while (count(fast) < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(count(fast)).toBe(total);
    (slow.ws as unknown as { _socket: { resume: () => void } })._socket.resume();
    // Let the slow client drain its backlog, up to the batch that reports every match and an empty queue.
    const lastBatch = () => slow.messages.filter((m) => m.type === 'events').at(-1) as (Msg & { queued?: number }) | undefined;
    for (const until = Date.now() + 30_000; Date.now() < until; ) {
      const b = lastBatch();
      if (b?.stats?.matched === total && b.queued === 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const last = slow.messages.filter((m) => m.type === 'events').at(-1)!;
    expect(last.stats!.dropped).toBeGreaterThan(0);
    // Nothing vanishes uncounted: what arrived plus what was dropped is every match.
    expect(count(slow) + last.stats!.dropped).toBe(last.stats!.matched);
    fast.ws.close();
    slow.ws.close();
  }, 120_000);

  it('answers bad messages clearly and keeps the connection; closes after too many', async () => {
    const c = await connect(developer);
    c.ws.send('{not json');
    expect((await c.next('error')).message).toMatch(/invalid message/);
    c.ws.send(JSON.stringify({ type: 'subscribe', filter: 'level = ' }));
    const err = await c.next('error');
    expect(err.line).toBe(1);
    c.ws.send(JSON.stringify({ type: 'subscribe', filter: 'stats count(*)' }));
    expect((await c.next('error')).message).toMatch(/stats/);
    // CloudWatch log groups are an AWS-mode feed; locally the page is told so.
    c.ws.send(JSON.stringify({ type: 'subscribe', logGroups: ['arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/x'] }));
    expect((await c.next('error')).message).toMatch(/AWS mode only/);
    c.ws.send(JSON.stringify({ type: 'subscribe', filter: '' }));
    await c.next('subscribed');
    // A keep-alive ping is not answered and counts as nothing invalid.
    for (let i = 0; i < 30; i++) c.ws.send(JSON.stringify({ type: 'ping' }));
    await new Promise((r) => setTimeout(r, 300));
    expect(c.messages.filter((m) => m.type === 'error')).toHaveLength(4);
    const closed = new Promise<number>((r) => c.ws.once('close', (code) => r(code)));
    for (let i = 0; i < 25; i++) c.ws.send(JSON.stringify({ type: 'nope' }));
    expect(await closed).toBe(1008);
  });
});
