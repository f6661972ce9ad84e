import { ApiGatewayManagementApiClient, GoneException, LimitExceededException, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type LogEvent, toLogEvent } from '@/lib/events';
import { compileFilterQuery } from '@/lib/query/predicate';
import { startMoto, type RunningMoto } from '../../test-support/moto';
import { createConnectionsTable } from '../../test-support/tail-connections';
import type { TailStats } from '../subscription';
import { MAX_MESSAGE_BYTES } from './batches';
import type { ConnectionStore } from './connections';
import { createConnectionFanOut } from './fanout';
import { fanOutFromSettings } from './fanout-config';

/**
 * The consumer's live-tail fan-out against a real connections table in moto_server. moto 5.2.1
 * cannot give back what was posted to a connection (it concatenates the bytes and has no read
 * API) and never answers GoneException, so PostToConnection is checked at the SDK boundary with
 * aws-sdk-client-mock: each call's Data is one message the browser would receive.
 */
const api = mockClient(ApiGatewayManagementApiClient);
const management = new ApiGatewayManagementApiClient({ endpoint: 'https://abc123.execute-api.us-east-1.amazonaws.com/live', region: 'us-east-1' });
let moto: RunningMoto;
let store: ConnectionStore;
let item: Awaited<ReturnType<typeof createConnectionsTable>>['item'];
let n = 0;

beforeAll(async () => {
  moto = await startMoto();
});
afterAll(async () => moto?.stop());
beforeEach(async () => {
  // A table per test: each one sees only its own connections.
  ({ store, item } = await createConnectionsTable(moto));
  api.reset();
  api.on(PostToConnectionCommand).resolves({});
});

interface Received {
  type: string;
  events: LogEvent[];
  stats: TailStats;
  queued: number;
}

function posted(connectionId: string): Array<Received & { bytes: number }> {
  return api
    .commandCalls(PostToConnectionCommand)
    .filter((c) => c.args[0].input.ConnectionId === connectionId)
    .map((c) => {
      const data = Buffer.from(c.args[0].input.Data as Uint8Array);
      return { ...(JSON.parse(data.toString()) as Received), bytes: data.length };
    });
}
const received = (id: string) => posted(id).flatMap((m) => m.events);

async function subscribed(sub: { filter?: string; sources?: string[]; maxRate?: number; buffer?: number } = {}): Promise<{ id: string; subscriptionId: string }> {
  const id = `c${++n}`;
  const subscriptionId = `s${n}`;
  await store.put({ connectionId: id, userId: 'u', role: 'developer' });
  await store.subscribe(id, { subscriptionId, sources: sub.sources ?? [], filter: sub.filter ?? '', maxRate: sub.maxRate ?? 10_000, buffer: sub.buffer ?? 5000 });
  return { id, subscriptionId };
}

function events(raws: Array<Record<string, unknown>>, source = 'api'): LogEvent[] {
  return raws.map((raw, i) => {
    const r = toLogEvent(raw, { source: typeof raw.source === 'string' ? raw.source : source, receivedAt: 1_800_000_000_000 + i });
    if (!r.ok) throw new Error(r.error);
    return r.event;
  });
}

describe('live-tail fan-out to API Gateway connections', () => {
  it('delivers to each connection exactly what its filter and sources select, in order', async () => {
    // The cases of server/tail/socket.int.test.ts.
    const filter = 'level = "error" and (status >= 500 or route like /checkout/) and tag = "t1"';
    const batch = events(
      Array.from({ length: 300 }, (_, i) => ({
        source: i % 3 === 0 ? 'web' : 'api', tag: 't1', seq: i, level: ['error', 'ERROR', 'info', 'warn'][i % 4], status: [200, 500, '503', null][i % 7 % 4], route: i % 5 === 0 ? '/api/checkout/pay' : '/api/me', message: `event ${i}`,
      })),
    );
    const everything = await subscribed();
    const errors = await subscribed({ filter });
    const apiErrors = await subscribed({ filter: `filter ${filter} | filter @log = "api"`, sources: ['api'] });
    const fanOut = createConnectionFanOut({ store, management, cacheMs: 0 });
    await fanOut(batch.slice(0, 150));
    await fanOut(batch.slice(150));
    const predicate = compileFilterQuery(filter);
    if (!predicate.ok) throw new Error('filter');
    const seq = (es: LogEvent[]) => es.map((e) => e.fields.seq);
    expect(seq(received(everything.id))).toEqual(seq(batch));
    const selected = batch.filter(predicate.predicate);
    expect(selected.length).toBeGreaterThan(20);
    expect(seq(received(errors.id))).toEqual(seq(selected));
    expect(seq(received(apiErrors.id))).toEqual(seq(selected.filter((e) => e.log === 'api')));
    // The counters are the subscription's, kept in its item.
    expect(posted(errors.id).at(-1)!.stats).toMatchObject({ matched: selected.length, sampledOut: 0, dropped: 0, sampleEvery: 1 });
    expect((await item(errors.id))?.matched.N).toBe(String(selected.length));
  });

  it('batches into messages of at most 128 KB, and shortens an event too large for one', async () => {
    const c = await subscribed();
    const big = events([{ message: 'y'.repeat(200_000), level: 'warn' }]);
    const batch = [...events(Array.from({ length: 600 }, (_, i) => ({ seq: i, message: `${i} ${'x'.repeat(1500)}` }))), ...big];
    await createConnectionFanOut({ store, management, cacheMs: 0 })(batch);
    const messages = posted(c.id);
    expect(messages.length).toBeGreaterThan(6);
    for (const m of messages) expect(m.bytes).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    // Well filled: every message but the last two holds more than 100 KB.
    for (const m of messages.slice(0, -2)) expect(m.bytes).toBeGreaterThan(100 * 1024);
    const got = received(c.id);
    expect(got.slice(0, 600).map((e) => e.fields.seq)).toEqual(Array.from({ length: 600 }, (_, i) => i));
    expect(got[600].fields['logline.truncated']).toBe(true);
    expect(got[600].message).toMatch(/shortened for live tail/);
    expect(got[600].fields.level).toBe('warn');
  });

  it('removes a connection that answers GoneException, and still serves the others', async () => {
    const gone = await subscribed();
    const alive = await subscribed();
    api.on(PostToConnectionCommand, { ConnectionId: gone.id }).rejects(new GoneException({ message: 'Gone', $metadata: { httpStatusCode: 410 } }));
    const fanOut = createConnectionFanOut({ store, management, cacheMs: 0, log: () => {} });
    await expect(fanOut(events([{ message: 'a' }, { message: 'b' }]))).resolves.toBeUndefined();
    expect(await item(gone.id)).toBeUndefined();
    expect(received(alive.id).map((e) => e.fields.message)).toEqual(['a', 'b']);
    expect(fanOut.lastReport()).toMatchObject({ gone: 1, posted: 2 });
  });

  it('counts events a throttled or full connection could not take, and tells it with the next batch', async () => {
    const c = await subscribed();
    const logs: string[] = [];
    api.on(PostToConnectionCommand, { ConnectionId: c.id }).rejectsOnce(new LimitExceededException({ message: 'client side buffer is full', $metadata: { httpStatusCode: 429 } })).resolves({});
    const fanOut = createConnectionFanOut({ store, management, cacheMs: 0, log: (m) => logs.push(m) });
    await fanOut(events([{ message: 'lost 1' }, { message: 'lost 2' }, { message: 'lost 3' }]));
    expect(logs.join('\n')).toMatch(/3 events counted as dropped/);
    await fanOut(events([{ message: 'kept' }]));
    const last = posted(c.id).at(-1)!;
    expect(last.events.map((e) => e.fields.message)).toEqual(['kept']);
    expect(last.stats).toMatchObject({ dropped: 3, matched: 4 });
    expect(await item(c.id)).toBeDefined();
  });

  it('samples above the subscription rate, and the counters add up across consumer instances', async () => {
    const c = await subscribed({ maxRate: 100 });
    let clock = Date.now();
    const a = createConnectionFanOut({ store, management, cacheMs: 0, now: () => clock });
    const b = createConnectionFanOut({ store, management, cacheMs: 0, now: () => clock });
    const batch = (k: number) => events(Array.from({ length: 100 }, (_, i) => ({ seq: k * 100 + i })));
    // Two consumer instances, each fed 500 events/s for three seconds.
    for (let k = 0; k < 30; k++) {
      await (k % 2 ? b : a)(batch(k));
      clock += 100;
    }
    const last = posted(c.id).at(-1)!;
    const delivered = received(c.id).length;
    expect(last.stats.sampleEvery).toBeGreaterThan(1);
    expect(last.stats.matched).toBe(3000);
    expect(delivered + last.stats.sampledOut + last.stats.dropped).toBe(3000);
    expect(delivered).toBeLessThan(1500);
  });

  it('drops events a subscription cannot hold in one batch, counted', async () => {
    const c = await subscribed({ buffer: 50 });
    await createConnectionFanOut({ store, management, cacheMs: 0 })(events(Array.from({ length: 80 }, (_, i) => ({ seq: i }))));
    expect(received(c.id).map((e) => e.fields.seq)).toEqual(Array.from({ length: 50 }, (_, i) => 30 + i));
    expect(posted(c.id).at(-1)!.stats).toMatchObject({ dropped: 30, matched: 80 });
  });

  it('reads subscriptions at most every few seconds, and skips one that changed meanwhile', async () => {
    let clock = Date.now();
    const fanOut = createConnectionFanOut({ store, management, cacheMs: 3000, now: () => clock });
    await fanOut(events([{ message: 'warm the cache' }]));
    const late = await subscribed({ filter: 'message = "x"' });
    await fanOut(events([{ message: 'x' }]));
    expect(received(late.id)).toEqual([]);
    clock += 3001;
    await fanOut(events([{ message: 'x' }]));
    expect(received(late.id)).toHaveLength(1);
    // The browser subscribed to something else; until the cache refreshes, the old filter's matches are not sent.
    await store.subscribe(late.id, { subscriptionId: 'newer', sources: [], filter: 'message = "y"', maxRate: 500, buffer: 5000 });
    await fanOut(events([{ message: 'x' }]));
    expect(received(late.id)).toHaveLength(1);
  });

  it('is built from the consumer settings, posting to the https twin of LOGLINE_TAIL_WS_URL', async () => {
    expect(fanOutFromSettings({ connectionsTable: 'x' })).toBeNull();
    const c = await subscribed();
    // The consumer's clients take credentials from the standard chain (in Lambda: its role).
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' });
    const fanOut = fanOutFromSettings({ connectionsTable: store.table, tailWsUrl: 'wss://xyz789.execute-api.us-east-1.amazonaws.com/prod', region: 'us-east-1', endpoint: moto.endpoint });
    await fanOut!(events([{ message: 'via settings' }]));
    expect(received(c.id).map((e) => e.fields.message)).toEqual(['via settings']);
    const endpoint = await api.commandCalls(PostToConnectionCommand)[0].thisValue.config.endpoint?.();
    expect(`${endpoint?.protocol}//${endpoint?.hostname}${endpoint?.path}`).toBe('https://xyz789.execute-api.us-east-1.amazonaws.com/prod');
  });

  it('never throws into the consumer, even when the table cannot be read', async () => {
    const { ConnectionStore } = await import('./connections');
    const broken = new ConnectionStore((store as unknown as { db: ConstructorParameters<typeof ConnectionStore>[0] }).db, 'no-such-table');
    const logs: string[] = [];
    await expect(createConnectionFanOut({ store: broken, management, log: (m) => logs.push(m) })(events([{ message: 'a' }]))).resolves.toBeUndefined();
    expect(logs[0]).toMatch(/could not read the connections table/);
  });
});
