import type { LogEvent } from '@/lib/events';
import type { TailStats } from '@/lib/tail/stats';

export interface SubscriptionOptions {
  /** Only these sources (`@log`); empty = all. */
  sources: readonly string[];
  /** The compiled filter (lib/query's JS predicate); null = everything. */
  predicate: ((event: LogEvent) => boolean) | null;
  /** Above this many matching events per second, keep 1 in N and say so. */
  maxRate: number;
  /** Events held for a slow client; past this the oldest are dropped and counted. */
  queueLimit: number;
}

export type { TailStats };

/**
 * One live-tail subscription: filters, samples above `maxRate`, and queues for its connection.
 * The queue is bounded and drops its oldest events first, counting every one: a slow client costs
 * itself events, never the ingest path or other subscribers.
 */
export class Subscription {
  private queue: LogEvent[] = [];
  private head = 0;
  private windowStart = 0;
  private windowCount = 0;
  private lastRate = 0;
  private sampleEvery = 1;
  private sampleCounter = 0;
  readonly stats: TailStats = { rate: 0, sampleEvery: 1, sampledOut: 0, dropped: 0, matched: 0 };

  constructor(
    readonly id: string,
    readonly options: SubscriptionOptions,
  ) {}

  /** Offers one event; cheap enough to call for every ingested event. */
  offer(event: LogEvent, now: number): void {
    if (this.options.sources.length > 0 && !this.options.sources.includes(event.log)) return;
    if (this.options.predicate && !safeTest(this.options.predicate, event)) return;
    this.stats.matched++;
    this.tick(now);
    this.windowCount++;
    // The first maxRate events of each second always pass; past that, sampling begins at once.
    if (this.windowCount > this.options.maxRate || this.sampleEvery > 1) {
      const every = Math.max(this.sampleEvery, 2);
      this.stats.sampleEvery = every;
      if (this.sampleCounter++ % every !== 0) {
        this.stats.sampledOut++;
        return;
      }
    }
    if (this.size() >= this.options.queueLimit) {
      // Full: the oldest waiting event makes room for the newest.
      this.head++;
      this.stats.dropped++;
    }
    this.queue.push(event);
  }

  /** Records whether CloudWatch sampled what the StartLiveTail bridge just offered. */
  markCloudwatchSampled(sampled: boolean): void {
    this.stats.cloudwatchSampled = sampled;
  }

  /** Takes up to `max` queued events, oldest first. */
  take(max: number): LogEvent[] {
    const out = this.queue.slice(this.head, this.head + max);
    this.head += out.length;
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    return out;
  }

  size(): number {
    return this.queue.length - this.head;
  }

  /** Rolls the one-second window: the sampling ratio follows the last second's rate. */
  private tick(now: number): void {
    if (now - this.windowStart < 1000) return;
    const elapsed = now - this.windowStart;
    this.lastRate = elapsed < 2000 ? this.windowCount : 0;
    this.windowStart = now;
    this.windowCount = 0;
    this.sampleEvery = this.lastRate > this.options.maxRate ? Math.ceil(this.lastRate / this.options.maxRate) : 1;
    this.stats.rate = this.lastRate;
    this.stats.sampleEvery = this.sampleEvery;
  }
}

function safeTest(predicate: (e: LogEvent) => boolean, event: LogEvent): boolean {
  try {
    return predicate(event);
  } catch {
    return false;
  }
}
