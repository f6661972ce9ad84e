// The live-tail connection of the page, independent of React and of the browser's WebSocket so it
// can be tested with fake sockets and timers. One TailConnection is one feed: the console's
// /ws/tail (local mode; CloudWatch log groups in AWS mode) or the API Gateway WebSocket (Logline's
// sources in AWS mode). Before every (re)connect it asks `resolve` where to go, which in AWS mode
// fetches a fresh one-minute token. API Gateway closes connections after 2 hours and after 10
// idle minutes (aws-limits.md §7): an AWS feed pings every 5 minutes and moves to a new connection
// before the 2 hours are up, keeping the old one until the new one has taken over.
import type { LogEvent } from '@/lib/events';
import { latestStats, type TailStats } from './stats';

export type TailStatus = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'stopped';

/** What `resolve` answers: a URL to open, or why not (fatal: retrying cannot help, e.g. signed out). */
export type TailTarget = { url: string; apiGateway: boolean } | { error: string; fatal: boolean };

/** The part of a browser WebSocket this uses. */
export interface SocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: (() => void) | null;
  onmessage: ((m: { data: unknown }) => void) | null;
  onclose: ((e: { code: number; reason: string }) => void) | null;
}

export interface TailListener {
  status(status: TailStatus): void;
  events(events: LogEvent[], stats: TailStats | null): void;
  /** The feed stopped for a reason the user must act on. null clears it. */
  error(message: string | null): void;
  /** Something worth a line that does not stop the feed (a CloudWatch reconnect). */
  notice(message: string): void;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const API_GATEWAY_KEEPALIVE_MS = 5 * 60_000;
/** API Gateway's limit is 2 hours; move 5 minutes before. */
export const API_GATEWAY_ROLLOVER_MS = 2 * 3600_000 - 5 * 60_000;
/** Longer than the consumer's cache of subscriptions (3 s), so the new connection is being served. */
export const ROLLOVER_HANDOVER_MS = 4000;
const MAX_BACKOFF_MS = 15_000;

export function backoffMs(attempt: number): number {
  return Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempt);
}

interface Live {
  socket: SocketLike;
  apiGateway: boolean;
  subscribed: boolean;
  /** During a rollover, the new connection's events are dropped: the old one still delivers them. */
  muted: boolean;
  timers: unknown[];
  /** The subscription last sent on this socket: a change during the handshake is sent again. */
  sent?: Record<string, unknown> | null;
}

export class TailConnection {
  private wanted: Record<string, unknown> | null = null;
  private current: Live | null = null;
  /** The connection taking over from `current` (API Gateway's 2-hour limit), until it has. */
  private next: Live | null = null;
  private attempt = 0;
  private retry: unknown = null;
  private stats: TailStats | null = null;
  private generation = 0;
  /** A connect waiting for its target (token): a second start must not open a second socket. */
  private connecting = false;

  constructor(
    private readonly resolve: () => Promise<TailTarget>,
    private readonly open: (url: string) => SocketLike,
    private readonly listener: TailListener,
    private readonly timers: Timers = globalThis,
  ) {}

  /** Subscribes (or changes the subscription of an open connection). */
  start(subscription: Record<string, unknown>): void {
    this.wanted = subscription;
    this.attempt = 0;
    this.stats = null;
    for (const live of [this.current, this.next]) {
      if (!live?.subscribed) continue;
      live.sent = subscription;
      live.socket.send(JSON.stringify({ type: 'subscribe', ...subscription }));
    }
    if (this.current?.subscribed) return;
    if (!this.current && !this.retry && !this.connecting) void this.connect(false);
  }

  stop(): void {
    this.wanted = null;
    this.generation++;
    if (this.retry) this.timers.clearTimeout(this.retry);
    this.retry = null;
    for (const live of [this.current, this.next]) if (live) this.drop(live, 1000, 'stopped');
    this.current = null;
    this.next = null;
    this.listener.status('stopped');
  }

  private drop(live: Live, code: number, reason: string): void {
    for (const t of live.timers) this.timers.clearTimeout(t);
    live.socket.onclose = null;
    live.socket.onmessage = null;
    live.socket.close(code, reason);
  }

  private async connect(rollover: boolean): Promise<void> {
    this.retry = null;
    const generation = this.generation;
    if (!rollover) this.listener.status(this.attempt === 0 ? 'connecting' : 'reconnecting');
    let target: TailTarget;
    if (!rollover) this.connecting = true;
    try {
      target = await this.resolve();
    } catch (error) {
      target = { error: `could not reach the console (${(error as Error).message})`, fatal: false };
    } finally {
      if (!rollover) this.connecting = false;
    }
    if (generation !== this.generation || !this.wanted) return;
    if ('error' in target) {
      if (target.fatal) {
        this.listener.error(target.error);
        this.wanted = null;
        return this.listener.status('stopped');
      }
      if (!rollover) return this.scheduleRetry();
      return;
    }
    const socket = this.open(target.url);
    const live: Live = { socket, apiGateway: target.apiGateway, subscribed: false, muted: rollover, timers: [] };
    const previous = rollover ? this.current : null;
    if (rollover) this.next = live;
    else this.current = live;
    socket.onopen = () => {
      live.sent = this.wanted;
      socket.send(JSON.stringify({ type: 'subscribe', ...this.wanted }));
    };
    socket.onmessage = (m) => this.message(live, previous, m.data);
    socket.onclose = (e) => this.closed(live, e);
  }

  private message(live: Live, previous: Live | null, data: unknown): void {
    let msg: { type?: string; events?: LogEvent[]; stats?: TailStats; message?: string; line?: number; column?: number };
    try {
      msg = JSON.parse(String(data)) as typeof msg;
    } catch {
      return;
    }
    if (msg.type === 'subscribed') {
      if (!live.subscribed) this.subscribed(live, previous);
      // The user changed the filter while this socket was subscribing: send the new one.
      if (this.wanted && live.sent !== this.wanted) {
        live.sent = this.wanted;
        live.socket.send(JSON.stringify({ type: 'subscribe', ...this.wanted }));
      }
      return;
    }
    if (msg.type === 'events') {
      if (live.muted) return;
      if (msg.stats) this.stats = latestStats(this.stats, msg.stats);
      this.listener.events(msg.events ?? [], this.stats);
    } else if (msg.type === 'notice' && msg.message) {
      this.listener.notice(msg.message);
    } else if (msg.type === 'error') {
      this.listener.error(msg.line ? `${msg.message} (line ${msg.line}, column ${msg.column})` : (msg.message ?? 'error'));
      if (this.wanted && live === this.current) this.listener.status('stopped');
    }
  }

  private subscribed(live: Live, previous: Live | null): void {
    live.subscribed = true;
    if (previous) {
      // Rollover: the old connection keeps delivering until the consumer serves the new one.
      live.timers.push(
        this.timers.setTimeout(() => {
          if (this.next !== live) return;
          if (this.current === previous) this.drop(previous, 1000, 'rollover');
          this.promote(live);
        }, ROLLOVER_HANDOVER_MS),
      );
    } else {
      this.attempt = 0;
      this.listener.error(null);
      this.listener.status('live');
    }
    if (live.apiGateway) {
      const ping = () => {
        live.socket.send('{"type":"ping"}');
        live.timers.push(this.timers.setTimeout(ping, API_GATEWAY_KEEPALIVE_MS));
      };
      live.timers.push(this.timers.setTimeout(ping, API_GATEWAY_KEEPALIVE_MS));
      live.timers.push(this.timers.setTimeout(() => void this.connect(true), API_GATEWAY_ROLLOVER_MS));
    }
  }

  private promote(live: Live): void {
    live.muted = false;
    this.current = live;
    this.next = null;
  }

  private closed(live: Live, e: { code: number; reason: string }): void {
    for (const t of live.timers) this.timers.clearTimeout(t);
    if (live === this.next) this.next = null;
    if (live !== this.current) return;
    this.current = null;
    // Closed by API Gateway while the next connection was taking over: it takes over now.
    if (this.next?.subscribed && this.wanted) return this.promote(this.next);
    if (!this.wanted) return this.listener.status('stopped');
    if (e.code === 4401 || e.code === 1008) {
      this.listener.error(e.reason || 'The server closed the connection; sign in again.');
      return this.listener.status('stopped');
    }
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    this.listener.status('reconnecting');
    this.retry = this.timers.setTimeout(() => void this.connect(false), backoffMs(this.attempt++));
  }
}
