import { type CloudWatchLogsClient, type LiveTailSessionLogEvent, StartLiveTailCommand, type StartLiveTailResponseStream } from '@aws-sdk/client-cloudwatch-logs';
import { type LogEvent, toLogEvent } from '@/lib/events';

/**
 * Live tail of CloudWatch log groups Logline does not ingest (a Lambda's own logs, say), in the
 * console process: one StartLiveTail session per subscription, fed into that subscriber's hub
 * path (sampling, queue, counters) by the socket. CloudWatch pre-filters with the filter pattern;
 * the residual filter runs in the hub. Sessions end after 3 hours, so a new one is started before
 * that and the two overlap for a moment (events seen twice then are sent once). Sessions are billed
 * per minute: `stop()` ends the stream at once, and the socket calls it when nobody watches.
 */
export interface LiveTailRequest {
  /** Log group ARNs (DescribeLogGroups' logGroupArn), at most 10. */
  logGroupArns: string[];
  /** CloudWatch filter pattern ('' = every event). */
  pattern: string;
}

export interface BridgeSink {
  /** Events of one session update; `sampled` when CloudWatch kept only 500 of more matches that second. */
  events(events: LogEvent[], sampled: boolean): void;
  /** Something the user should know that does not stop the tail (a reconnect). */
  notice(message: string): void;
  /** The tail cannot go on (no permission, unknown group…); the feed has stopped. */
  failed(message: string): void;
}

export interface BridgeOptions {
  /** Start the next session this long after one starts (CloudWatch ends them at 3 h). */
  renewAfterMs?: number;
  /** How long the old and new sessions overlap. */
  handoverMs?: number;
  maxBackoffMs?: number;
  now?: () => number;
}

export const RENEW_AFTER_MS = 2 * 3600_000 + 50 * 60_000;
const HANDOVER_MS = 3000;
const MAX_BACKOFF_MS = 30_000;
/** Errors StartLiveTail answers before streaming that retrying cannot fix. */
const FATAL = new Set(['AccessDeniedException', 'ResourceNotFoundException', 'InvalidParameterException', 'InvalidOperationException', 'LimitExceededException', 'UnrecognizedClientException']);

export class CloudWatchTailBridge {
  private readonly open = new Set<AbortController>();

  constructor(
    private readonly client: CloudWatchLogsClient,
    private readonly options: BridgeOptions = {},
  ) {}

  /** StartLiveTail streams open now (each one billed). */
  get openSessions(): number {
    return this.open.size;
  }

  start(request: LiveTailRequest, sink: BridgeSink): { stop: () => void } {
    const feed = new LiveTailFeed(this.client, request, sink, this.options, this.open);
    feed.begin();
    return { stop: () => feed.stop() };
  }
}

interface Stream {
  abort: AbortController;
  iterator?: AsyncIterator<StartLiveTailResponseStream>;
}

class LiveTailFeed {
  private stopped = false;
  private current: Stream | null = null;
  private readonly streams = new Set<Stream>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly seen = new Set<string>();
  private failures = 0;
  private renewal: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly client: CloudWatchLogsClient,
    private readonly request: LiveTailRequest,
    private readonly sink: BridgeSink,
    private readonly options: BridgeOptions,
    private readonly open: Set<AbortController>,
  ) {}

  begin(): void {
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const s of this.streams) this.close(s);
  }

  private later(ms: number, fn: () => void): ReturnType<typeof setTimeout> {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped) fn();
    }, ms);
    t.unref?.();
    this.timers.add(t);
    return t;
  }

  private close(s: Stream): void {
    s.abort.abort();
    // Also end the iteration itself, so a stream blocked waiting for its next update lets go now.
    void s.iterator?.return?.().catch(() => undefined);
    this.streams.delete(s);
    this.open.delete(s.abort);
    if (this.streams.size <= 1) this.seen.clear();
  }

  private async run(): Promise<void> {
    if (this.stopped) return;
    const stream: Stream = { abort: new AbortController() };
    const previous = this.current;
    this.current = stream;
    this.streams.add(stream);
    this.open.add(stream.abort);
    try {
      const command = new StartLiveTailCommand({ logGroupIdentifiers: this.request.logGroupArns, logEventFilterPattern: this.request.pattern || undefined });
      const response = await this.client.send(command, { abortSignal: stream.abort.signal });
      const iterator = response.responseStream?.[Symbol.asyncIterator]();
      stream.iterator = iterator;
      if (stream.abort.signal.aborted) void iterator?.return?.();
      for (;;) {
        if (!iterator || stream.abort.signal.aborted) break;
        const { value: event, done } = await iterator.next();
        if (done || stream.abort.signal.aborted) break;
        if (event.sessionStart) this.onStart(previous);
        else if (event.sessionUpdate) this.onUpdate(event.sessionUpdate.sessionResults ?? [], event.sessionUpdate.sessionMetadata?.sampled === true);
        else if (event.SessionTimeoutException) throw named('SessionTimeoutException', event.SessionTimeoutException.message);
        else if (event.SessionStreamingException) throw named('SessionStreamingException', event.SessionStreamingException.message);
      }
      if (!stream.abort.signal.aborted) throw named('StreamEnded', 'CloudWatch closed the Live Tail stream');
    } catch (error) {
      if (!stream.abort.signal.aborted) this.onFailure(stream, error as Error);
    } finally {
      this.close(stream);
    }
  }

  private onStart(previous: Stream | null): void {
    if (this.failures > 0) this.sink.notice('CloudWatch Live Tail is streaming again.');
    this.failures = 0;
    if (previous && this.streams.has(previous)) this.later(this.options.handoverMs ?? HANDOVER_MS, () => this.close(previous));
    // One renewal per feed, counted from the newest session's start.
    if (this.renewal) {
      clearTimeout(this.renewal);
      this.timers.delete(this.renewal);
    }
    this.renewal = this.later(this.options.renewAfterMs ?? RENEW_AFTER_MS, () => void this.run());
  }

  private onUpdate(results: LiveTailSessionLogEvent[], sampled: boolean): void {
    const overlap = this.streams.size > 1;
    const now = (this.options.now ?? Date.now)();
    const events: LogEvent[] = [];
    for (const r of results) {
      if (overlap) {
        const key = `${r.logGroupIdentifier}\u0000${r.logStreamName}\u0000${r.timestamp}\u0000${r.ingestionTime}\u0000${r.message}`;
        if (this.seen.has(key)) continue;
        this.seen.add(key);
      }
      const e = toTailEvent(r, now);
      if (e) events.push(e);
    }
    this.sink.events(events, sampled);
  }

  private onFailure(stream: Stream, error: Error): void {
    if (this.stopped || stream !== this.current) return;
    const name = error.name;
    if (FATAL.has(name)) {
      this.stop();
      this.sink.failed(`CloudWatch refused the live tail (${name}: ${error.message}). ${advice(name)}`);
      return;
    }
    if (name === 'SessionTimeoutException') {
      // The 3-hour limit came before the renewal (a clock jump, a failed renewal): start again now.
      void this.run();
      return;
    }
    const delay = Math.min(this.options.maxBackoffMs ?? MAX_BACKOFF_MS, 1000 * 2 ** this.failures++);
    this.sink.notice(`The CloudWatch Live Tail stream broke (${describe(error)}); reconnecting in ${Math.round(delay / 1000)} s. Events in the gap are not shown.`);
    this.later(delay, () => void this.run());
  }
}

/** A line the user can read: an SDK parse failure's text is noise, its HTTP status is not. */
function describe(error: Error): string {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (status && status !== 200) return `CloudWatch answered HTTP ${status}`;
  const first = error.message.split('\n')[0];
  return first.length > 120 ? `${first.slice(0, 117)}…` : first;
}

function named(name: string, message = name): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

function advice(name: string): string {
  switch (name) {
    case 'AccessDeniedException':
      return "The console's role needs logs:StartLiveTail on these log groups.";
    case 'ResourceNotFoundException':
      return 'A chosen log group no longer exists; pick the groups again.';
    case 'LimitExceededException':
      return 'The account has too many Live Tail sessions open; stop one (here or in the CloudWatch console) and start again.';
    default:
      return 'Check the chosen log groups and the filter, then start again.';
  }
}

/** `arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/x` (or `…:*`, or a bare name) → `/aws/lambda/x`. */
export function logGroupNameOf(identifier: string): string {
  const at = identifier.indexOf(':log-group:');
  const name = at === -1 ? identifier : identifier.slice(at + ':log-group:'.length);
  return name.replace(/:\*$/, '');
}

/** A CloudWatch event in Logline's shape: JSON messages normalized and flattened, `@log` the group name. */
export function toTailEvent(r: LiveTailSessionLogEvent, now: number): LogEvent | null {
  const message = r.message ?? '';
  const ctx = { source: logGroupNameOf(r.logGroupIdentifier ?? ''), stream: r.logStreamName, receivedAt: r.ingestionTime ?? now };
  let json: unknown = message;
  if (message.trimStart().startsWith('{')) {
    try {
      json = JSON.parse(message);
    } catch {
      json = message;
    }
  }
  let result = typeof json === 'object' ? toLogEvent(json, ctx, message) : toLogEvent(message, ctx);
  // CloudWatch allows 1 MB events, Logline 256 KB: keep what fits as text rather than lose it.
  if (!result.ok) result = toLogEvent(`${message.slice(0, 100_000)}… [shortened for live tail]`, ctx);
  if (!result.ok) return null;
  return { ...result.event, log: ctx.source, logStream: r.logStreamName || result.event.logStream, timestamp: r.timestamp ?? result.event.timestamp };
}
