import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startMoto, uniqueName, type RunningMoto } from '../../test-support/moto';
import { signIn } from '../../test-support/sign-in';
import { startServer, TEST_ADMIN, type RunningServer } from '../../test-support/spawn-server';
import { verifyTailToken } from './token';

/**
 * The console in AWS mode against moto_server: the token it signs for the API Gateway WebSocket
 * (secret from Secrets Manager), the log group picker's listing, and CloudWatch subscriptions on
 * its own /ws/tail. moto has no StartLiveTail, so a session here can only fail — which the page
 * must be told about; the bridge's behaviour with a working stream is in cloudwatch-bridge.test.ts.
 */
const SECRET = 'console-signs-with-this-secret-0123456789';
const WS_URL = 'wss://abc123.execute-api.us-east-1.amazonaws.com/live';
let moto: RunningMoto;
let server: RunningServer;
let developer = '';
let viewer = '';
let developerId = '';
const prefix = `/${uniqueName('logline')}/`;
const lambdaGroups = [`/aws/lambda/${uniqueName('checkout')}`, `/aws/lambda/${uniqueName('billing')}`];

beforeAll(async () => {
  moto = await startMoto();
  const secret = await new SecretsManagerClient(moto.client).send(new CreateSecretCommand({ Name: uniqueName('tail-token'), SecretString: SECRET }));
  const logs = new CloudWatchLogsClient(moto.client);
  for (const name of [`${prefix}api`, ...lambdaGroups]) await logs.send(new CreateLogGroupCommand({ logGroupName: name }));
  server = await startServer({
    env: { ...moto.env, LOGLINE_MODE: 'aws', LOGLINE_LOG_GROUP_PREFIX: prefix, LOGLINE_TAIL_WS_URL: WS_URL, LOGLINE_TAIL_TOKEN_SECRET_ARN: secret.ARN! },
  });
  const admin = await signIn(server.url, TEST_ADMIN.email, TEST_ADMIN.password);
  for (const role of ['developer', 'viewer']) {
    const res = await fetch(`${server.url}/api/admin/users`, { method: 'POST', headers: { cookie: admin, 'content-type': 'application/json' }, body: JSON.stringify({ email: `${role}@example.com`, role, password: `${role}-password-1` }) });
    if (role === 'developer') developerId = ((await res.json()) as { user: { id: string } }).user.id;
  }
  developer = await signIn(server.url, 'developer@example.com', 'developer-password-1');
  viewer = await signIn(server.url, 'viewer@example.com', 'viewer-password-1');
}, 180_000);
afterAll(async () => {
  await server?.stop();
  await moto?.stop();
});

const get = async (path: string, cookie: string) => {
  const res = await fetch(`${server.url}${path}`, { headers: { cookie } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

function socket(cookie: string): Promise<{ ws: WebSocket; next: () => Promise<Record<string, unknown>> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws/tail`, { headers: { cookie } });
    const queue: Array<Record<string, unknown>> = [];
    const waiting: Array<(m: Record<string, unknown>) => void> = [];
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as Record<string, unknown>;
      const w = waiting.shift();
      if (w) w(m);
      else queue.push(m);
    });
    const next = () => new Promise<Record<string, unknown>>((res, rej) => {
      const m = queue.shift();
      if (m) return res(m);
      waiting.push(res);
      setTimeout(() => rej(new Error('no message within 15 s')), 15_000);
    });
    ws.once('open', () => resolve({ ws, next }));
    ws.once('error', reject);
  });
}

describe('live tail in AWS mode (console against moto)', () => {
  it('signs a one-minute token for the API Gateway WebSocket with the secret from Secrets Manager', async () => {
    const r = await get('/api/tail/connect', developer);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ mode: 'aws', url: WS_URL, token: expect.any(String) });
    const verified = verifyTailToken(r.body.token as string, SECRET);
    expect(verified).toMatchObject({ ok: true, claims: { sub: developerId, role: 'developer' } });
    expect(verified.ok && verified.claims.exp * 1000 - Date.now()).toBeLessThanOrEqual(61_000);
    expect((await get('/api/tail/connect', viewer)).status).toBe(403);
  });

  it('lists CloudWatch log groups outside Logline’s prefix for the picker, with search', async () => {
    const all = await get('/api/tail/log-groups', developer);
    const names = (all.body.groups as Array<{ name: string; arn: string }>).map((g) => g.name);
    expect(names).toEqual(expect.arrayContaining(lambdaGroups));
    expect(names).not.toContain(`${prefix}api`);
    const found = await get(`/api/tail/log-groups?search=${encodeURIComponent(lambdaGroups[1].slice(-12))}`, developer);
    expect(found.body.groups).toEqual([{ name: lambdaGroups[1], arn: `arn:aws:logs:us-east-1:123456789012:log-group:${lambdaGroups[1]}`, storedBytes: 0 }]);
    expect((await get('/api/tail/log-groups', viewer)).status).toBe(403);
  });

  it('takes CloudWatch subscriptions on /ws/tail and tells the page when a session cannot run', async () => {
    const { ws, next } = await socket(developer);
    ws.send(JSON.stringify({ type: 'subscribe', logGroups: [`arn:aws:logs:us-east-1:123456789012:log-group:${prefix}api`] }));
    expect((await next()).message).toMatch(/pick the source "api"/);
    ws.send(JSON.stringify({ type: 'subscribe', filter: 'level = "error"', logGroups: [`arn:aws:logs:us-east-1:123456789012:log-group:${lambdaGroups[0]}`] }));
    expect(await next()).toMatchObject({ type: 'subscribed', logGroups: [expect.stringContaining(lambdaGroups[0])] });
    // moto has no StartLiveTail: the bridge reports it (as a reconnect notice, or a refusal).
    const report = await next();
    expect(['notice', 'error']).toContain(report.type);
    expect(report.message).toMatch(/CloudWatch/);
    ws.close();
  });
});
