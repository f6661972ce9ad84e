import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { API_GATEWAY_KEEPALIVE_MS, API_GATEWAY_ROLLOVER_MS, backoffMs, type SocketLike, TailConnection, type TailStatus, type TailTarget } from './connection';
import { combinedStats, latestStats, type TailStats } from './stats';

/**
 * The page's connection logic with fake sockets and timers. API Gateway cannot run here, so the
 * AWS feed's token refresh, keep-alive and 2-hour rollover are tested this way (the fan-out and
 * the WebSocket Lambdas behind it have their own tests against moto).
 */
class FakeSocket implements SocketLike {
  sent: Array<Record<string, unknown>> = [];
  closed: { code?: number; reason?: string } | null = null;
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: unknown }) => void) | null = null;
  onclose: ((e: { code: number; reason: string }) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close(code?: number, reason?: string) {
    this.closed = { code, reason };
  }
  /** The server's side. */
  serve(msg: Record<string, unknown>) {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
  drop(code = 1006, reason = '') {
    this.onclose?.({ code, reason });
  }
}

const stats = (over: Partial<TailStats> = {}): TailStats => ({ rate: 1, sampleEvery: 1, sampledOut: 0, dropped: 0, matched: 1, ...over });
const ev = (message: string) => ({ timestamp: 0, ingestionTime: 0, log: 'api', logStream: 's', message, fields: {}, fingerprint: 'f' });

let sockets: FakeSocket[];
let statuses: TailStatus[];
let received: string[];
let errors: Array<string | null>;
let tokens: number;

function connection(target: () => TailTarget) {
  return new TailConnection(
    async () => target(),
    (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    { status: (s) => statuses.push(s), events: (es) => received.push(...es.map((e) => e.message)), error: (m) => errors.push(m), notice: () => {} },
    { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) },
  );
}
const aws = () => ({ url: `wss://abc.execute-api.eu-west-1.amazonaws.com/live?token=t${++tokens}`, apiGateway: true });
const local = () => ({ url: 'ws://localhost/ws/tail', apiGateway: false });

async function opened(s: FakeSocket | undefined) {
  await vi.advanceTimersByTimeAsync(0);
  s = s ?? sockets.at(-1)!;
  s.onopen?.();
  s.serve({ type: 'subscribed', id: 'x' });
  return s;
}

beforeEach(() => {
  vi.useFakeTimers();
  sockets = [];
  statuses = [];
  received = [];
  errors = [];
  tokens = 0;
});
afterEach(() => vi.useRealTimers());

describe('live-tail connection', () => {
  it('subscribes on open, goes live, and reconnects with backoff after a drop', async () => {
    const c = connection(local);
    c.start({ filter: 'level = "error"', sources: [] });
    const first = await opened(undefined);
    expect(first.sent[0]).toEqual({ type: 'subscribe', filter: 'level = "error"', sources: [] });
    expect(statuses.at(-1)).toBe('live');
    first.serve({ type: 'events', events: [ev('a')], stats: stats() });
    expect(received).toEqual(['a']);
    first.drop();
    expect(statuses.at(-1)).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(backoffMs(0) - 1);
    expect(sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await opened(undefined);
    expect(sockets).toHaveLength(2);
    expect(statuses.at(-1)).toBe('live');
    // The console socket has its own heartbeat: no pings from the page.
    await vi.advanceTimersByTimeAsync(API_GATEWAY_KEEPALIVE_MS * 2);
    expect(sockets[1].sent.map((m) => m.type)).toEqual(['subscribe']);
  });

  it('a second start while the token is on its way opens one socket, and a filter changed during the handshake is sent', async () => {
    const c = connection(aws);
    c.start({ filter: 'a', sources: [] });
    c.start({ filter: 'b', sources: [] });
    await vi.advanceTimersByTimeAsync(0);
    expect(sockets).toHaveLength(1);
    const s = sockets[0];
    s.onopen?.();
    expect(s.sent.at(-1)).toMatchObject({ type: 'subscribe', filter: 'b' });
    c.start({ filter: 'c', sources: [] });
    s.serve({ type: 'subscribed', id: 'x' });
    expect(s.sent.filter((m) => m.type === 'subscribe').map((m) => m.filter)).toEqual(['b', 'c']);
  });

  it('asks for a fresh token on every AWS (re)connect', async () => {
    const c = connection(aws);
    c.start({ filter: '' });
    (await opened(undefined)).drop(1001, 'Going away');
    await vi.advanceTimersByTimeAsync(backoffMs(0));
    await opened(undefined);
    expect(sockets.map((s) => s.url.split('token=')[1])).toEqual(['t1', 't2']);
  });

  it('pings an AWS connection every 5 minutes against the 10-minute idle timeout', async () => {
    const c = connection(aws);
    c.start({ filter: '' });
    const s = await opened(undefined);
    await vi.advanceTimersByTimeAsync(API_GATEWAY_KEEPALIVE_MS * 3 + 1);
    expect(s.sent.map((m) => m.type)).toEqual(['subscribe', 'ping', 'ping', 'ping']);
  });

  it('moves to a new AWS connection before the 2-hour limit, without a gap, repeats or a visible reconnect', async () => {
    const c = connection(aws);
    c.start({ filter: '' });
    const old = await opened(undefined);
    await vi.advanceTimersByTimeAsync(API_GATEWAY_ROLLOVER_MS);
    const next = await opened(sockets[1]);
    expect(next.url).toMatch(/token=t2$/);
    // Both are served for a moment; the page shows the old one's events only.
    old.serve({ type: 'events', events: [ev('1')], stats: stats() });
    next.serve({ type: 'events', events: [ev('1')], stats: stats() });
    await vi.advanceTimersByTimeAsync(4000);
    expect(old.closed).toEqual({ code: 1000, reason: 'rollover' });
    next.serve({ type: 'events', events: [ev('2')], stats: stats() });
    expect(received).toEqual(['1', '2']);
    expect(statuses.filter((s) => s === 'reconnecting')).toEqual([]);
  });

  it('when API Gateway closes the old connection mid-handover, the new one takes over at once', async () => {
    const c = connection(aws);
    c.start({ filter: '' });
    const old = await opened(undefined);
    await vi.advanceTimersByTimeAsync(API_GATEWAY_ROLLOVER_MS);
    const next = await opened(sockets[1]);
    old.drop(1001, 'Going away');
    next.serve({ type: 'events', events: [ev('x')], stats: stats() });
    expect(received).toEqual(['x']);
    expect(sockets).toHaveLength(2);
    expect(statuses.at(-1)).toBe('live');
  });

  it('stops with the reason when the console will not give a token, and retries when it cannot be reached', async () => {
    let answer: TailTarget = { error: 'Your session ended; sign in again.', fatal: true };
    const c = connection(() => answer);
    c.start({ filter: '' });
    await vi.advanceTimersByTimeAsync(0);
    expect(errors.at(-1)).toMatch(/sign in again/);
    expect(statuses.at(-1)).toBe('stopped');
    answer = { error: 'the console answered 502', fatal: false };
    c.start({ filter: '' });
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses.at(-1)).toBe('reconnecting');
    answer = aws();
    await vi.advanceTimersByTimeAsync(backoffMs(0));
    await opened(undefined);
    expect(statuses.at(-1)).toBe('live');
    expect(errors.at(-1)).toBeNull();
  });

  it('shows a refused filter and does not reconnect; a policy close stops too', async () => {
    const c = connection(local);
    c.start({ filter: 'level = ' });
    const s = await opened(undefined);
    s.serve({ type: 'error', message: 'expected an expression', line: 1, column: 9 });
    expect(errors.at(-1)).toBe('expected an expression (line 1, column 9)');
    expect(statuses.at(-1)).toBe('stopped');
    s.drop(1008, 'too many invalid messages');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets).toHaveLength(1);
    expect(errors.at(-1)).toBe('too many invalid messages');
  });

  it('stop closes everything and nothing comes back', async () => {
    const c = connection(aws);
    c.start({ filter: '' });
    const s = await opened(undefined);
    c.stop();
    expect(s.closed?.code).toBe(1000);
    await vi.advanceTimersByTimeAsync(API_GATEWAY_ROLLOVER_MS * 2);
    expect(sockets).toHaveLength(1);
    expect(statuses.at(-1)).toBe('stopped');
  });
});

describe('live-tail counters', () => {
  it('never go back when batches from several consumers cross', () => {
    const a = latestStats(null, stats({ dropped: 5, matched: 100 }));
    expect(latestStats(a, stats({ dropped: 3, matched: 90, sampleEvery: 2 }))).toMatchObject({ dropped: 5, matched: 100, sampleEvery: 2 });
  });

  it('add up over the feeds, and CloudWatch sampling shows if either feed has it', () => {
    expect(combinedStats([null, null])).toBeNull();
    expect(combinedStats([stats({ dropped: 2, sampleEvery: 3 }), stats({ dropped: 1, cloudwatchSampled: true })])).toMatchObject({ dropped: 3, sampleEvery: 3, cloudwatchSampled: true, matched: 2 });
  });
});
