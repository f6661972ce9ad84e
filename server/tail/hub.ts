import { randomUUID } from 'node:crypto';
import type { LogEvent } from '@/lib/events';
import { Subscription, type SubscriptionOptions, type TailStats } from './subscription';

/** Where a subscription's events come from: Logline's own pipeline, or a CloudWatch Live Tail session. */
export type TailFeed = 'pipeline' | 'external';

/** Where a subscription's batches go (a WebSocket, in production). */
export interface TailTransport {
  /** False when the peer is not keeping up: the hub keeps queueing (and dropping oldest) instead. */
  ready(): boolean;
  send(batch: { events: LogEvent[]; stats: TailStats; queued: number }): void;
}

/**
 * The live-tail hub: every accepted event is offered to every subscription; a timer delivers what
 * each queued to its transport in batches. `publish` only filters and queues — it never waits on a
 * client, so ingest is never slowed by a slow or stuck subscriber.
 */
export class TailHub {
  private subs = new Map<string, { sub: Subscription; transport: TailTransport; feed: TailFeed }>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly flushMs = 25,
    private readonly maxBatch = 500,
  ) {}

  /** `external`: fed by someone else (the CloudWatch bridge calls `offer`); ingested events skip it. */
  subscribe(options: SubscriptionOptions, transport: TailTransport, feed: TailFeed = 'pipeline'): Subscription {
    const sub = new Subscription(randomUUID(), options);
    this.subs.set(sub.id, { sub, transport, feed });
    this.timer ??= setInterval(() => this.flush(), this.flushMs);
    this.timer.unref?.();
    return sub;
  }

  unsubscribe(id: string): void {
    this.subs.delete(id);
    if (this.subs.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  get size(): number {
    return this.subs.size;
  }

  /** The ingest sink. */
  publish = (events: readonly LogEvent[]): void => {
    if (this.subs.size === 0) return;
    const now = Date.now();
    for (const { sub, feed } of this.subs.values()) if (feed === 'pipeline') for (const e of events) sub.offer(e, now);
  };

  flush(): void {
    for (const { sub, transport } of this.subs.values()) {
      if (sub.size() === 0 || !transport.ready()) continue;
      const events = sub.take(this.maxBatch);
      transport.send({ events, stats: { ...sub.stats }, queued: sub.size() });
    }
  }
}
