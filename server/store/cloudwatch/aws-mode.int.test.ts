import net from 'node:net';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toLogEvent, type LogEvent } from '@/lib/events';
import { startMoto, uniqueName, type RunningMoto } from '../../test-support/moto';
import { PutLogEventsWriter } from '../../test-support/put-log-events';
import { signIn } from '../../test-support/sign-in';
import { freePort, startServer, TEST_ADMIN, type RunningServer } from '../../test-support/spawn-server';

/**
 * The real console process with LOGLINE_MODE=aws against moto_server: queries go over HTTP to
 * /api/query and on to Logs Insights (moto answers Complete at once), as JSON and as NDJSON.
 * A second console points at an endpoint where nothing listens: it starts anyway and says
 * what failed when a query does.
 */
let moto: RunningMoto;
let server: RunningServer;
let cookie: string;
const prefix = `/${uniqueName('logline-http')}/`;
const T0 = Math.floor((Date.now() - 3_600_000) / 60_000) * 60_000;

function event(source: string, at: number, fields: Record<string, unknown>): LogEvent {
  const r = toLogEvent({ ...fields, timestamp: at }, { source, stream: `${source}-i1`, receivedAt: T0 });
  if (!r.ok) throw new Error(r.error);
  return r.event;
}

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.url}${path}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

beforeAll(async () => {
  moto = await startMoto();
  const client = new CloudWatchLogsClient(moto.client);
  await new PutLogEventsWriter(client, prefix).append([
    event('api', T0 + 1_000, { level: 'error', message: 'GET /b 500', status: 500 }),
    event('web', T0 + 2_000, { level: 'info', message: 'page_view' }),
  ]);
  client.destroy();
  server = await startServer({ env: { ...moto.env, LOGLINE_MODE: 'aws', LOGLINE_LOG_GROUP_PREFIX: prefix, LOGLINE_DEMO: '1' } });
  cookie = await signIn(server.url, TEST_ADMIN.email, TEST_ADMIN.password);
});
afterAll(async () => {
  await server?.stop();
  await moto?.stop();
});

describe('the console in AWS mode', () => {
  it('reports the mode and CloudWatch in /api/health (details for admins only), and made no demo data', async () => {
    expect(await (await fetch(`${server.url}/api/health`)).json()).toEqual({ status: 'ok', mode: 'aws', reachable: true });
    const health = await (await fetch(`${server.url}/api/admin/health`, { headers: { cookie } })).json();
    expect(health).toEqual({ status: 'ok', mode: 'aws', reachable: true, cloudwatch: { reachable: true, where: moto.endpoint, logGroups: 2, storedBytes: expect.any(Number) } });
    expect(server.output()).toMatch(/AWS mode: queries run on CloudWatch Logs Insights .* no demo data is generated/);
    const sources = await (await fetch(`${server.url}/api/events?limit=0`, { headers: { cookie } })).json();
    expect(sources).toEqual({ events: [], sources: ['api', 'web'] });
  });

  it('answers POST /api/query as JSON (CLI, scripts) from Logs Insights', async () => {
    const res = await post('/api/query', { query: 'fields @timestamp, @log, @message | sort @timestamp desc', start: T0, end: T0 + 60_000 });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ status: 'Complete', fields: ['@timestamp', '@log', '@message'], statistics: { bytesScanned: 0, estimatedCostUsd: 0 } });
    expect(body.rows.map((r: Record<string, unknown>) => r['@log'])).toEqual(['web', 'api']);
  });

  it('streams NDJSON when asked, ending with the complete result', async () => {
    const res = await post('/api/query', { query: 'sort @timestamp desc | limit 5', start: T0, end: T0 + 60_000, sources: ['api'] }, { accept: 'application/x-ndjson' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l));
    const last = lines.at(-1);
    expect(last).toMatchObject({ status: 'Complete', fields: ['@timestamp', '@message'] });
    expect(last.rows).toEqual([expect.objectContaining({ '@log': 'api', '@logStream': 'api-i1', level: 'error', status: 500 })]);
    // Before the final line, only progress lines: moto answers at once, so there may be none.
    expect(lines.slice(0, -1).every((l) => l.status === 'Queued' || l.status === 'Running')).toBe(true);
  });

  it('estimates a run for free before it happens', async () => {
    const res = await fetch(`${server.url}/api/query/estimate?start=0&end=${Date.now()}&source=api`, { headers: { cookie } });
    expect(await res.json()).toMatchObject({ mode: 'aws', logGroups: 1, pricePerGb: 0.005, storedBytes: expect.any(Number) });
  });

  it('a syntax error is still a positioned 400', async () => {
    const res = await post('/api/query', { query: 'filter level = ', start: T0, end: T0 + 1 }, { accept: 'application/x-ndjson' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ line: 1, column: expect.any(Number) });
  });
});

describe('the console in AWS mode without a reachable CloudWatch', () => {
  let offline: RunningServer;
  let offlineCookie: string;
  let endpoint: string;
  beforeAll(async () => {
    endpoint = `http://127.0.0.1:${await freePort()}`;
    offline = await startServer({ env: { ...moto.env, LOGLINE_AWS_ENDPOINT: endpoint, LOGLINE_MODE: 'aws' } });
    offlineCookie = await signIn(offline.url, TEST_ADMIN.email, TEST_ADMIN.password);
  });
  afterAll(async () => {
    await offline?.stop();
  });

  it('starts, says so in /api/health, and a query answers 503 with Retry-After saying what failed', async () => {
    // The public probe says only that CloudWatch does not answer; why (endpoint, AWS error text) is for admins.
    expect(await (await fetch(`${offline.url}/api/health`)).json()).toEqual({ status: 'ok', mode: 'aws', reachable: false });
    const health = await (await fetch(`${offline.url}/api/admin/health`, { headers: { cookie: offlineCookie } })).json();
    expect(health).toMatchObject({ status: 'ok', mode: 'aws', reachable: false, cloudwatch: { reachable: false, error: expect.stringMatching(/unreachable/) } });
    const res = await fetch(`${offline.url}/api/query`, {
      method: 'POST', headers: { cookie: offlineCookie, 'content-type': 'application/json' }, body: JSON.stringify({ query: 'stats count(*)', start: 0, end: 1000 }),
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('10');
    expect((await res.json()).error).toContain(`CloudWatch Logs is unreachable at ${endpoint}`);
  });
});

describe('the console in AWS mode with a CloudWatch endpoint that never answers', () => {
  let silent: net.Server;
  const sockets = new Set<net.Socket>();
  let stuck: RunningServer;
  let stuckCookie: string;
  beforeAll(async () => {
    // Accepts connections and reads requests, answers nothing: a black-holed proxy or a hung endpoint.
    silent = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('data', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
    stuck = await startServer({ env: { ...moto.env, LOGLINE_AWS_ENDPOINT: endpoint, LOGLINE_MODE: 'aws', LOGLINE_AWS_REQUEST_TIMEOUT_MS: '500' } });
    stuckCookie = await signIn(stuck.url, TEST_ADMIN.email, TEST_ADMIN.password);
  });
  afterAll(async () => {
    await stuck?.stop();
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => silent?.close(resolve));
  });

  it('the live-tail log-group picker and queries answer 503 after the timeout instead of hanging', async () => {
    // Each call gets LOGLINE_AWS_REQUEST_TIMEOUT_MS per try (3 tries); without it they would wait minutes.
    const groups = await fetch(`${stuck.url}/api/tail/log-groups`, { headers: { cookie: stuckCookie }, signal: AbortSignal.timeout(20_000) });
    expect(groups.status).toBe(503);
    expect(groups.headers.get('retry-after')).toBeTruthy();
    expect((await groups.json()).error).toMatch(/CloudWatch Logs is unreachable .*check the network/);
    const query = await fetch(`${stuck.url}/api/query`, {
      method: 'POST', headers: { cookie: stuckCookie, 'content-type': 'application/json' }, body: JSON.stringify({ query: 'stats count(*)', start: 0, end: 1000 }), signal: AbortSignal.timeout(20_000),
    });
    expect(query.status).toBe(503);
  });
});
