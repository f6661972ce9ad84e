import type { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import type { LogEvent } from '@/lib/events';
import { compileTailFilter, type FilterCompiler } from '../filter';
import { Subscription, type TailStats } from '../subscription';
import { type EncodedEvents, eventMessages, MAX_MESSAGE_BYTES } from './batches';
import type { ConnectionStore, StoredSubscription } from './connections';
import { postJson } from './management';

export interface FanOutDeps {
  store: ConnectionStore;
  /** The `@connections` API of the live-tail WebSocket (management.ts). */
  management: ApiGatewayManagementApiClient;
  /** How long the list of subscriptions is reused (a new subscription waits at most this long). */
  cacheMs?: number;
  /** Connections posted to at once. */
  concurrency?: number;
  maxMessageBytes?: number;
  compile?: FilterCompiler;
  now?: () => number;
  log?: (message: string) => void;
}

export interface FanOutReport {
  connections: number;
  posted: number;
  messages: number;
  gone: number;
  failed: number;
}

export const SUBSCRIPTIONS_CACHE_MS = 3000;
const DEFAULT_CONCURRENCY = 16;
const COMPILED_CACHE_LIMIT = 1000;

/**
 * The live-tail sink of the consumer in AWS mode: offers every stored batch to each API Gateway
 * WebSocket connection's subscription — the same Subscription (sources, JS predicate, sampling
 * above its rate, bounded batch) as the local hub — and posts what matches with PostToConnection
 * in `events` messages of at most 128 KB, carrying the sampled/dropped counters the page shows.
 * Counters are kept in the connection's item, so they are exact across consumer instances.
 * It never throws: a failing connection is counted (as dropped events) and logged; a gone one is
 * removed from the table.
 */
export function createConnectionFanOut(deps: FanOutDeps): ((events: readonly LogEvent[]) => Promise<void>) & { lastReport: () => FanOutReport | null } {
  const now = deps.now ?? Date.now;
  const log = deps.log ?? ((m: string) => console.warn(m));
  const compile = deps.compile ?? compileTailFilter;
  const cacheMs = deps.cacheMs ?? SUBSCRIPTIONS_CACHE_MS;
  const concurrency = deps.concurrency ?? DEFAULT_CONCURRENCY;
  const maxBytes = deps.maxMessageBytes ?? MAX_MESSAGE_BYTES;
  let cached: { at: number; subs: StoredSubscription[] } | null = null;
  /** Per connection, the local sampling state of its current subscription (survives warm invocations). */
  const local = new Map<string, Subscription>();
  const compiled = new Map<string, ReturnType<FilterCompiler>>();
  let report: FanOutReport | null = null;

  async function subscriptions(): Promise<StoredSubscription[]> {
    if (cached && now() - cached.at < cacheMs) return cached.subs;
    const subs = await deps.store.subscriptions(now());
    cached = { at: now(), subs };
    const live = new Set(subs.map((s) => s.connectionId));
    for (const id of local.keys()) if (!live.has(id)) local.delete(id);
    return subs;
  }

  function predicateOf(filter: string) {
    let c = compiled.get(filter);
    if (!c) {
      c = compile(filter);
      if (compiled.size >= COMPILED_CACHE_LIMIT) compiled.clear();
      compiled.set(filter, c);
    }
    return c;
  }

  function subscriptionFor(s: StoredSubscription): Subscription | null {
    const existing = local.get(s.connectionId);
    if (existing?.id === s.subscriptionId) return existing;
    const c = predicateOf(s.filter);
    // `$default` only stores filters that compile; one that does not here came from elsewhere.
    if (!c.ok) return null;
    const sub = new Subscription(s.subscriptionId, { sources: s.sources, predicate: c.predicate, maxRate: s.maxRate, queueLimit: s.buffer });
    local.set(s.connectionId, sub);
    return sub;
  }

  async function deliver(s: StoredSubscription, sub: Subscription, before: TailStats, r: FanOutReport, encoded: EncodedEvents): Promise<void> {
    const events = sub.take(Number.MAX_SAFE_INTEGER);
    const after = sub.stats;
    const delta = { matched: after.matched - before.matched, sampledOut: after.sampledOut - before.sampledOut, dropped: after.dropped - before.dropped };
    const totals = await deps.store.addCounts(s.connectionId, s.subscriptionId, delta);
    if (!totals) {
      local.delete(s.connectionId);
      return;
    }
    if (events.length === 0) return;
    const messages = eventMessages(events, { rate: after.rate, sampleEvery: after.sampleEvery, ...totals }, maxBytes, encoded);
    r.connections++;
    for (let i = 0; i < messages.length; i++) {
      const outcome = await postJson(deps.management, s.connectionId, messages[i]);
      if (outcome.ok) {
        r.messages++;
        continue;
      }
      if (outcome.gone) {
        r.gone++;
        local.delete(s.connectionId);
        await deps.store.delete(s.connectionId);
        return;
      }
      // Throttled, or the client's buffer is full (429): what was not sent is dropped, and counted
      // so the next batch tells the user.
      r.failed++;
      const lost = messages.slice(i).reduce((n, m) => n + countEvents(m), 0);
      log(`live tail: posting to connection ${s.connectionId} failed (${outcome.error}); ${lost} events counted as dropped`);
      await deps.store.addCounts(s.connectionId, s.subscriptionId, { matched: 0, sampledOut: 0, dropped: lost });
      return;
    }
    r.posted += events.length;
  }

  const fanOut = async (events: readonly LogEvent[]): Promise<void> => {
    const r: FanOutReport = { connections: 0, posted: 0, messages: 0, gone: 0, failed: 0 };
    report = r;
    if (events.length === 0) return;
    let subs: StoredSubscription[];
    try {
      subs = await subscriptions();
    } catch (error) {
      log(`live tail: could not read the connections table (${(error as Error).message}); this batch is not tailed`);
      return;
    }
    const t = now();
    const work: Array<{ s: StoredSubscription; sub: Subscription; before: TailStats }> = [];
    for (const s of subs) {
      const sub = subscriptionFor(s);
      if (!sub) continue;
      const before = { ...sub.stats };
      for (const e of events) sub.offer(e, t);
      if (sub.stats.matched > before.matched) work.push({ s, sub, before });
    }
    const encoded: EncodedEvents = new WeakMap();
    await eachLimit(work, concurrency, async ({ s, sub, before }) => {
      try {
        await deliver(s, sub, before, r, encoded);
      } catch (error) {
        r.failed++;
        log(`live tail: connection ${s.connectionId} skipped (${(error as Error).message})`);
      }
    });
  };
  return Object.assign(fanOut, { lastReport: () => report });
}

function countEvents(message: string): number {
  return (JSON.parse(message) as { events: unknown[] }).events.length;
}

async function eachLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  });
  await Promise.all(workers);
}
