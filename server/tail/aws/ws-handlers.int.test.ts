import { ApiGatewayManagementApiClient, DeleteConnectionCommand, GoneException, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMoto, type RunningMoto } from '../../test-support/moto';
import { createConnectionsTable, wsEvent } from '../../test-support/tail-connections';
import type { ConnectionStore } from './connections';
import { signTailToken } from './token';
import { onConnect, onDisconnect, onMessage, type WsDeps } from './ws-handlers';

/**
 * The WebSocket Lambdas' logic against a real connections table in moto_server. moto 5.2.1's
 * apigatewaymanagementapi accepts PostToConnection but keeps only the concatenated bytes, with no
 * way to read them back, and never answers GoneException; so replies are checked at the SDK
 * boundary with aws-sdk-client-mock on ApiGatewayManagementApiClient.
 */
const SECRET = 'k'.repeat(48);
const api = mockClient(ApiGatewayManagementApiClient);
let moto: RunningMoto;
let store: ConnectionStore;
let item: Awaited<ReturnType<typeof createConnectionsTable>>['item'];
let deps: WsDeps;
let n = 0;

beforeAll(async () => {
  moto = await startMoto();
  ({ store, item } = await createConnectionsTable(moto));
  deps = { store, secret: async () => SECRET, management: (endpoint) => new ApiGatewayManagementApiClient({ endpoint, region: 'us-east-1' }) };
});
afterAll(async () => moto?.stop());
beforeEach(() => {
  api.reset();
  api.on(PostToConnectionCommand).resolves({});
});

/** Replies posted to a connection, parsed. */
function replies(connectionId: string): Array<Record<string, unknown>> {
  return api
    .commandCalls(PostToConnectionCommand)
    .filter((c) => c.args[0].input.ConnectionId === connectionId)
    .map((c) => JSON.parse(Buffer.from(c.args[0].input.Data as Uint8Array).toString()) as Record<string, unknown>);
}

async function connected(role: 'developer' | 'admin' = 'developer'): Promise<string> {
  const id = `conn-${++n}=`;
  const r = await onConnect(wsEvent(id, 'CONNECT', { token: signTailToken({ id: `user-${n}`, role }, SECRET) }), deps);
  expect(r.statusCode).toBe(200);
  return id;
}

const send = (id: string, body: unknown) => onMessage(wsEvent(id, 'MESSAGE', { body: typeof body === 'string' ? body : JSON.stringify(body) }), deps);

describe('$connect', () => {
  it('stores a connection with a valid token, with a TTL of about two hours', async () => {
    const id = await connected();
    const stored = await item(id);
    expect(stored?.userId.S).toBe(`user-${n}`);
    const ttl = Number(stored?.expiresAt.N) - Date.now() / 1000;
    expect(ttl).toBeGreaterThan(2 * 3600);
    expect(ttl).toBeLessThan(3 * 3600);
  });

  it('refuses a missing, forged, expired or viewer token, and stores nothing', async () => {
    const cases: Array<[string | undefined, number]> = [
      [undefined, 401],
      ['v1.e30.AAAA', 401],
      [signTailToken({ id: 'u', role: 'developer' }, 'another-secret-another-secret-another'), 401],
      [signTailToken({ id: 'u', role: 'developer' }, SECRET, Date.now() - 5 * 60_000), 401],
      [signTailToken({ id: 'u', role: 'viewer' }, SECRET), 403],
    ];
    for (const [i, [token, status]] of cases.entries()) {
      const id = `refused-${i}`;
      const r = await onConnect(wsEvent(id, 'CONNECT', { token }), deps);
      expect(r.statusCode, String(token)).toBe(status);
      expect(await item(id)).toBeUndefined();
    }
  });
});

describe('$default', () => {
  it('stores a subscription and answers like /ws/tail does', async () => {
    const id = await connected();
    await send(id, { type: 'subscribe', sources: ['api'], filter: 'level = "error"', highlight: ['pay'], maxRate: 200 });
    const [reply] = replies(id);
    expect(reply).toMatchObject({ type: 'subscribed', id: expect.any(String), sources: ['api'], filter: 'level = "error"', highlight: ['pay'], maxRate: 200 });
    const stored = await item(id);
    expect(stored).toMatchObject({ subscriptionId: { S: reply.id }, filter: { S: 'level = "error"' }, sources: { L: [{ S: 'api' }] }, maxRate: { N: '200' } });
    // Replies go to the @connections endpoint of the stage the event came through.
    const endpoint = await api.commandCalls(PostToConnectionCommand)[0].thisValue.config.endpoint?.();
    expect(`${endpoint?.protocol}//${endpoint?.hostname}${endpoint?.path}`).toBe('https://abc123.execute-api.us-east-1.amazonaws.com/live');
  });

  it('a malformed subscribe gets a clear error and the connection survives', async () => {
    const id = await connected();
    await send(id, '{not json');
    await send(id, { type: 'subscribe', filter: 'level = ' });
    await send(id, { type: 'subscribe', filter: 'stats count(*)' });
    await send(id, { type: 'subscribe', maxRate: 'fast' });
    const [notJson, badFilter, stats, badRate] = replies(id);
    expect(notJson).toMatchObject({ type: 'error', message: expect.stringMatching(/^invalid message/) });
    expect(badFilter).toMatchObject({ type: 'error', line: 1, column: expect.any(Number) });
    expect(stats.message).toMatch(/stats/);
    expect(badRate.message).toMatch(/maxRate/);
    expect((await item(id))?.subscriptionId).toBeUndefined();
    await send(id, { type: 'subscribe', filter: 'status >= 500' });
    expect(replies(id).at(-1)).toMatchObject({ type: 'subscribed' });
    expect((await item(id))?.filter.S).toBe('status >= 500');
  });

  it('keeps pings quiet, unsubscribes, and refuses CloudWatch log groups on this connection', async () => {
    const id = await connected();
    await send(id, { type: 'ping' });
    expect(replies(id)).toEqual([]);
    await send(id, { type: 'subscribe', logGroups: ['arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/x'] });
    expect(replies(id)[0].message).toMatch(/through the console/);
    await send(id, { type: 'subscribe' });
    await send(id, { type: 'unsubscribe' });
    expect(replies(id).map((r) => r.type)).toEqual(['error', 'subscribed', 'unsubscribed']);
    expect((await item(id))?.subscriptionId).toBeUndefined();
  });

  it('closes a connection after too many invalid messages', async () => {
    api.on(DeleteConnectionCommand).resolves({});
    const id = await connected();
    for (let i = 0; i < 20; i++) await send(id, { type: 'nope' });
    expect(api.commandCalls(DeleteConnectionCommand)).toHaveLength(0);
    await send(id, { type: 'nope' });
    expect(api.commandCalls(DeleteConnectionCommand).map((c) => c.args[0].input.ConnectionId)).toEqual([id]);
    expect(await item(id)).toBeUndefined();
  });

  it('a message racing $disconnect does not bring the connection back; a gone peer is forgotten', async () => {
    const id = await connected();
    await onDisconnect(wsEvent(id, 'DISCONNECT'), deps);
    expect(await item(id)).toBeUndefined();
    await send(id, { type: 'subscribe' });
    expect(await item(id)).toBeUndefined();

    const other = await connected();
    api.on(PostToConnectionCommand).rejects(new GoneException({ message: 'gone', $metadata: { httpStatusCode: 410 } }));
    await send(other, { type: 'subscribe' });
    expect(await item(other)).toBeUndefined();
  });
});
