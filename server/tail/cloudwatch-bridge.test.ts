import { AccessDeniedException, CloudWatchLogsClient, StartLiveTailCommand, type LiveTailSessionLogEvent, type StartLiveTailResponseStream } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LogEvent } from '@/lib/events';
import { compileFilterQuery } from '@/lib/query/predicate';
import { CloudWatchTailBridge, logGroupNameOf, toTailEvent } from './cloudwatch-bridge';
import { TailHub, type TailTransport } from './hub';
import { startCloudWatchTail } from './live-tail-plan';
import { clientMessage, type SubscribeMessage } from './protocol';
import type { TailStats } from './subscription';

/**
 * moto does not implement StartLiveTail, so these tests stop at the SDK boundary:
 * aws-sdk-client-mock answers StartLiveTailCommand with a `responseStream` that the test drives,
 * an async iterable of sessionStart / sessionUpdate / exception events as the SDK yields them.
 */
const cw = mockClient(CloudWatchLogsClient);
const client = new CloudWatchLogsClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
const ARN = 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/checkout';
const ARN2 = 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/billing';

/** One StartLiveTail response stream, fed by the test. */
class FakeStream implements AsyncIterable<StartLiveTailResponseStream> {
  private queue: Array<StartLiveTailResponseStream | Error | null> = [];
  private wake: (() => void) | null = null;
  closed = false;
  push(e: StartLiveTailResponseStream | Error | null): void {
    this.queue.push(e);
    this.wake?.();
  }
  start(): void {
    this.push({ sessionStart: { sessionId: 's', logGroupIdentifiers: [ARN] } });
  }
  update(results: LiveTailSessionLogEvent[], sampled = false): void {
    this.push({ sessionUpdate: { sessionMetadata: { sampled }, sessionResults: results } });
  }
  [Symbol.asyncIterator](): AsyncIterator<StartLiveTailResponseStream> {
    return {
      next: async () => {
        while (this.queue.length === 0 && !this.closed) await new Promise<void>((r) => (this.wake = r));
        const e = this.closed ? null : this.queue.shift()!;
        if (e === null) return { done: true, value: undefined };
        if (e instanceof Error) throw e;
        return { done: false, value: e };
      },
      return: async () => {
        this.closed = true;
        this.wake?.();
        return { done: true, value: undefined };
      },
    };
  }
}

let streams: FakeStream[];
let hub: TailHub;
let sent: Array<{ events: LogEvent[]; stats: TailStats }>;
const transport: TailTransport = { ready: () => true, send: (b) => sent.push(b) };
const delivered = () => sent.flatMap((b) => b.events);

function subscribe(fields: Partial<SubscribeMessage> = {}): SubscribeMessage {
  return clientMessage.parse({ type: 'subscribe', logGroups: [ARN], ...fields }) as SubscribeMessage;
}

function cwEvent(message: string, i = 0, group = ARN): LiveTailSessionLogEvent {
  return { logGroupIdentifier: group, logStreamName: '2026/12/01/[$LATEST]abc', message, timestamp: 1_800_000_000_000 + i, ingestionTime: 1_800_000_000_500 + i };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

beforeEach(() => {
  cw.reset();
  streams = [];
  cw.on(StartLiveTailCommand).callsFake(() => {
    const s = new FakeStream();
    streams.push(s);
    return { responseStream: s };
  });
  hub = new TailHub(60_000);
  sent = [];
});
afterEach(() => vi.useRealTimers());

describe('StartLiveTail bridge', () => {
  it('pushes the filter pattern down, applies the residual, and maps events to Logline’s shape', async () => {
    const bridge = new CloudWatchTailBridge(client);
    const filter = '@message like "payment" and level = "error"';
    const started = startCloudWatchTail(subscribe({ filter, logGroups: [ARN, ARN2] }), { hub, bridge, logGroupPrefix: '/logline/', transport, notice: () => {}, failed: () => {} });
    expect(started.ok).toBe(true);
    await settle();
    expect(cw.commandCalls(StartLiveTailCommand)[0].args[0].input).toEqual({ logGroupIdentifiers: [ARN, ARN2], logEventFilterPattern: '"payment"' });
    // What CloudWatch sends for the pattern: every message contains "payment".
    const sentByCloudWatch = [
      cwEvent('{"level":"ERROR","message":"payment failed","order":{"id":"o-1"},"userId":42}', 0),
      cwEvent('{"level":"info","message":"payment ok"}', 1),
      cwEvent('2026-12-01T10:00:00.000Z\tabc-123\tERROR\tpayment timeout', 2, ARN2),
      cwEvent('{"level":"error","message":"payment declined"}', 3, ARN2),
    ];
    streams[0].start();
    streams[0].update(sentByCloudWatch);
    await settle();
    hub.flush();
    const full = compileFilterQuery(filter);
    if (!full.ok) throw new Error('filter');
    const expected = sentByCloudWatch.map((e) => toTailEvent(e, 0)!).filter(full.predicate);
    expect(delivered().map((e) => e.message)).toEqual(expected.map((e) => e.message));
    expect(delivered()).toHaveLength(2);
    const [first, second] = delivered();
    expect(first).toMatchObject({ log: '/aws/lambda/checkout', logStream: '2026/12/01/[$LATEST]abc', timestamp: 1_800_000_000_000, ingestionTime: 1_800_000_000_500 });
    expect(first.fields).toMatchObject({ level: 'error', 'order.id': 'o-1', 'user.id': '42' });
    expect(second.log).toBe('/aws/lambda/billing');
    // A plain-text Lambda line is text with no fields, like any text line.
    expect(toTailEvent(sentByCloudWatch[2], 0)).toMatchObject({ message: sentByCloudWatch[2].message, timestamp: 1_800_000_000_002 });
  });

  it('shows CloudWatch’s sampling, and stops the session (billed per minute) when nobody watches', async () => {
    const bridge = new CloudWatchTailBridge(client);
    const started = startCloudWatchTail(subscribe(), { hub, bridge, logGroupPrefix: '/logline/', transport, notice: () => {}, failed: () => {} });
    if (!started.ok) throw new Error('not started');
    await settle();
    streams[0].start();
    streams[0].update(Array.from({ length: 500 }, (_, i) => cwEvent(`line ${i}`, i)), true);
    await settle();
    hub.flush();
    expect(sent.at(-1)!.stats.cloudwatchSampled).toBe(true);
    expect(bridge.openSessions).toBe(1);
    started.stop();
    await settle();
    expect(bridge.openSessions).toBe(0);
    expect(streams[0].closed).toBe(true);
    expect(hub.size).toBe(0);
    expect(cw.commandCalls(StartLiveTailCommand)).toHaveLength(1);
  });

  it('starts a new session before the 3-hour limit, hands over without loss or repeats', async () => {
    vi.useFakeTimers();
    const bridge = new CloudWatchTailBridge(client, { renewAfterMs: 60_000, handoverMs: 3000 });
    const notices: string[] = [];
    startCloudWatchTail(subscribe(), { hub, bridge, logGroupPrefix: '/logline/', transport, notice: (m) => notices.push(m), failed: (m) => notices.push(m) });
    await vi.advanceTimersByTimeAsync(1);
    streams[0].start();
    streams[0].update([cwEvent('before', 1)]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(streams).toHaveLength(2);
    streams[1].start();
    // During the overlap both sessions see the same events: each is delivered once.
    streams[0].update([cwEvent('during', 2), cwEvent('only old', 3)]);
    streams[1].update([cwEvent('during', 2), cwEvent('only new', 4)]);
    await vi.advanceTimersByTimeAsync(3000);
    expect(streams[0].closed).toBe(true);
    expect(bridge.openSessions).toBe(1);
    streams[1].update([cwEvent('after', 5)]);
    await vi.advanceTimersByTimeAsync(1);
    hub.flush();
    expect(delivered().map((e) => e.message)).toEqual(['before', 'during', 'only old', 'only new', 'after']);
    expect(notices).toEqual([]);
  });

  it('a session that timed out anyway starts again at once; a broken stream reconnects with a notice', async () => {
    vi.useFakeTimers();
    const bridge = new CloudWatchTailBridge(client);
    const notices: string[] = [];
    startCloudWatchTail(subscribe(), { hub, bridge, logGroupPrefix: '/logline/', transport, notice: (m) => notices.push(m), failed: (m) => notices.push(`failed: ${m}`) });
    await vi.advanceTimersByTimeAsync(1);
    streams[0].start();
    streams[0].push({ SessionTimeoutException: { message: 'Session timed out after 3 hours' } as never });
    await vi.advanceTimersByTimeAsync(1);
    expect(streams).toHaveLength(2);
    expect(notices).toEqual([]);
    streams[1].start();
    const broken = new Error('stream reset');
    broken.name = 'SessionStreamingException';
    streams[1].push(broken);
    await vi.advanceTimersByTimeAsync(1);
    expect(notices[0]).toMatch(/broke \(stream reset\); reconnecting in 1 s/);
    expect(streams).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(streams).toHaveLength(3);
    expect(bridge.openSessions).toBe(1);
    streams[2].start();
    await vi.advanceTimersByTimeAsync(1);
    expect(notices.at(-1)).toBe('CloudWatch Live Tail is streaming again.');
  });

  it('says what to do when CloudWatch refuses, and ends the subscription', async () => {
    cw.on(StartLiveTailCommand).rejects(new AccessDeniedException({ message: 'not authorized to perform logs:StartLiveTail', $metadata: {} }));
    const bridge = new CloudWatchTailBridge(client);
    const failures: string[] = [];
    startCloudWatchTail(subscribe(), { hub, bridge, logGroupPrefix: '/logline/', transport, notice: () => {}, failed: (m) => failures.push(m) });
    await settle();
    expect(failures[0]).toMatch(/AccessDeniedException.*needs logs:StartLiveTail/);
    expect(hub.size).toBe(0);
    expect(bridge.openSessions).toBe(0);
  });

  it('refuses Logline’s own groups, local mode, bad filters and more than 10 groups', () => {
    const ctx = { hub, bridge: new CloudWatchTailBridge(client), logGroupPrefix: '/logline/', transport, notice: () => {}, failed: () => {} };
    const own = startCloudWatchTail(subscribe({ logGroups: ['arn:aws:logs:eu-west-1:123456789012:log-group:/logline/api'] }), ctx);
    expect(own.ok ? '' : own.error.message).toMatch(/pick the source "api"/);
    const local = startCloudWatchTail(subscribe(), { ...ctx, bridge: null });
    expect(local.ok ? '' : local.error.message).toMatch(/AWS mode only/);
    const bad = startCloudWatchTail(subscribe({ filter: 'level = ' }), ctx);
    expect(bad.ok ? null : bad.error.line).toBe(1);
    const many = clientMessage.safeParse({ type: 'subscribe', logGroups: Array.from({ length: 11 }, (_, i) => `${ARN}${i}`) });
    expect(many.success ? '' : many.error.issues[0].message).toMatch(/at most 10 log groups/);
    expect(clientMessage.safeParse({ type: 'subscribe', logGroups: [`${ARN}:*`] }).success).toBe(false);
    expect(cw.commandCalls(StartLiveTailCommand)).toHaveLength(0);
  });

  it('reads group names from ARNs and keeps oversized CloudWatch events as shortened text', () => {
    expect(logGroupNameOf(`${ARN}:*`)).toBe('/aws/lambda/checkout');
    expect(logGroupNameOf('/aws/lambda/x')).toBe('/aws/lambda/x');
    const huge = toTailEvent(cwEvent(`{"message":"${'z'.repeat(600_000)}"}`), 0);
    expect(huge?.message).toMatch(/shortened for live tail\]$/);
    expect(huge?.log).toBe('/aws/lambda/checkout');
  });
});
