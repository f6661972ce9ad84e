// Fingerprint rules at run time: events (from the ingest sinks, or from polling the store) roll
// up per fingerprint into bursts (lib/alerts/bursts.ts); a burst's start, growth and end become
// one alert, a few updates and one resolve message.
import type { LogEvent } from '@/lib/events';
import { BurstTracker, type BurstGroup, type BurstPolicy, type BurstTransition, type FieldScalar, type Observation, type SampleEvent } from '@/lib/alerts/bursts';
import { alertMessage, resolveMessage, updateMessage } from '@/lib/alerts/slack-blocks';
import type { FingerprintRuleConfig } from '@/lib/alerts/rules';
import { printExpr, quote } from '@/lib/query';
import { compileFilterQuery, type EventPredicate } from '@/lib/query/predicate';
import { REPRESENTS_FIELD } from '../ingest/storm-rate';
import type { GroupTable } from '@/lib/alerts/group-table';
import { RuleRuntime, storedGroup, type DirtyGroups, type EngineContext } from './runtime';
import type { StoredGroup } from './store';
import type { AlertRule, GroupView } from './types';

type FingerprintRule = AlertRule & { kind: 'fingerprint' };

const SAMPLE_FIELDS = ['route', 'method', 'status', 'duration_ms', 'user.id', 'session.id', 'request.id', 'trace.id', 'app.version', 'component'];
const MINUTE = 60_000;
/** Fingerprints whose events are held while the rule learns the known ones; more are counted, not held. */
const MAX_HELD = 10_000;
/** Waits between failed seeds: 5 s, doubling, at most 5 min. */
const SEED_RETRY_MS = 5000;
const SEED_RETRY_MAX_MS = 5 * MINUTE;

export class FingerprintRuntime extends RuleRuntime<BurstGroup> {
  declare rule: FingerprintRule;
  readonly tracker: BurstTracker;
  protected readonly groups: GroupTable<BurstGroup>;
  private predicate: EventPredicate = () => false;
  /** The filter as QL text for polling and seeding (`filter …` or empty). */
  readonly filterQl: string;
  private readonly sources: ReadonlySet<string>;
  /** Poll feed: events up to here have been read (carried over when the rule is edited). */
  polledUntil: number | null = null;
  /** Poll feed: the poll of this rule running now, and why the last one failed. */
  polling: Promise<void> | null = null;
  pollError: string | null = null;
  /**
   * The seed: the fingerprints of the last 30 days, read in the background before the rule calls
   * anything new. Until then observations are held (sinks) or not polled (poll feed).
   */
  seeded = false;
  seeding: Promise<void> | null = null;
  seedAttempts = 0;
  seedDueAt = 0;
  seedError: string | null = null;
  private readonly held = new Map<string, Observation>();
  /** Events not held while seeding because too many fingerprints were waiting. */
  heldSkipped = 0;

  constructor(
    rule: FingerprintRule,
    pollDelayMs: number | null,
    /** When the runtime was made: the seed reads up to here; later events are held or polled. */
    readonly since: number,
  ) {
    super(rule);
    this.sources = new Set(rule.sources);
    const compiled = compileFilterQuery(rule.filter);
    if (compiled.ok) {
      this.predicate = compiled.predicate;
      this.filterQl = compiled.expr ? `filter ${printExpr(compiled.expr)}\n| ` : '';
    } else {
      this.lastError = `the filter does not compile: ${compiled.error.message}`;
      this.filterQl = '';
    }
    this.tracker = new BurstTracker(policyOf(rule, pollDelayMs));
    this.groups = this.tracker.groups;
  }

  /** Adds the events this rule counts to `into` (one observation per fingerprint). */
  collect(events: readonly LogEvent[], into: Map<string, Observation>): void {
    if (this.lastError) return;
    for (const e of events) {
      if (this.sources.size > 0 && !this.sources.has(e.log)) continue;
      if (!this.predicate(e)) continue;
      const n = typeof e.fields[REPRESENTS_FIELD] === 'number' ? (e.fields[REPRESENTS_FIELD] as number) : 1;
      const o = into.get(e.fingerprint);
      if (o) {
        o.count += n;
        o.firstAt = Math.min(o.firstAt, e.ingestionTime);
        o.lastAt = Math.max(o.lastAt, e.ingestionTime);
        o.minTs = Math.min(o.minTs, e.timestamp);
        o.maxTs = Math.max(o.maxTs, e.timestamp);
      } else {
        into.set(e.fingerprint, { fingerprint: e.fingerprint, source: e.log, level: str(e.fields.level), title: titleOf(e), count: n, firstAt: e.ingestionTime, lastAt: e.ingestionTime, minTs: e.timestamp, maxTs: e.timestamp, sample: sampleOf(e) });
      }
    }
  }

  apply(observations: Iterable<Observation>, ctx: EngineContext): void {
    if (!this.seeded) return this.hold(observations);
    for (const o of observations) {
      const t = this.tracker.observe(o);
      if (t) this.announce(t, ctx);
    }
  }

  tick(now: number, ctx: EngineContext): void {
    for (const t of this.tracker.due(now, () => this.cap.room(now) > 0)) this.announce(t, ctx);
  }

  /** Whether the seed should run now (first time, or its retry is due). */
  needsSeed(now: number): boolean {
    return !this.seeded && !this.seeding && !this.lastError && now >= this.seedDueAt;
  }

  /** The known fingerprints are loaded: what arrived meanwhile is judged now. */
  seedDone(ctx: EngineContext): void {
    this.seeded = true;
    this.seedError = null;
    const held = [...this.held.values()];
    this.held.clear();
    this.apply(held, ctx);
  }

  seedFailed(message: string, now: number): void {
    this.seedAttempts++;
    this.seedError = message;
    this.seedDueAt = now + Math.min(SEED_RETRY_MAX_MS, SEED_RETRY_MS * 2 ** (this.seedAttempts - 1));
  }

  /** For the rule page: a seed that failed and will be retried (not a broken rule). */
  seedProblem(now: number): string | null {
    if (this.seeded || this.seedError === null) return null;
    const wait = Math.max(0, Math.ceil((this.seedDueAt - now) / 1000));
    return `could not read the fingerprints of the last 30 days yet (attempt ${this.seedAttempts}: ${this.seedError}); retrying in ${wait} s. Until then this rule holds its events and calls nothing new.`;
  }

  pollProblem(): string | null {
    return this.pollError === null ? null : `the last poll of the store failed (${this.pollError}); the next poll reads the same events again`;
  }

  /** What decides which events the rule reads: a new seed is needed only when this changes. */
  get matchKey(): string {
    return `${this.rule.filter}\u0000${[...this.rule.sources].sort().join('\u0000')}`;
  }

  /**
   * Takes over from the runtime of the rule before an edit: the poll cursor, and with the same
   * filter and sources its seeded fingerprints (kept in memory only) and held events, so no new
   * seed is read.
   */
  adopt(previous: FingerprintRuntime): void {
    if (previous.polledUntil !== null) this.polledUntil = previous.polledUntil;
    if (this.lastError || previous.lastError || previous.matchKey !== this.matchKey) return;
    for (const o of previous.held.values()) this.held.set(o.fingerprint, o);
    this.heldSkipped = previous.heldSkipped;
    if (!previous.seeded) return;
    const changed = new Set(previous.tracker.drainDirty().map((g) => g.key));
    for (const g of previous.tracker.groups.values()) {
      this.tracker.load(g);
      if (changed.has(g.key)) this.groups.touch(g.key);
    }
    this.seeded = true;
  }

  private hold(observations: Iterable<Observation>): void {
    for (const o of observations) {
      const h = this.held.get(o.fingerprint);
      if (h) {
        h.count += o.count;
        h.firstAt = Math.min(h.firstAt, o.firstAt);
        h.lastAt = Math.max(h.lastAt, o.lastAt);
        h.minTs = Math.min(h.minTs, o.minTs);
        h.maxTs = Math.max(h.maxTs, o.maxTs);
      } else if (this.held.size < MAX_HELD) {
        this.held.set(o.fingerprint, { ...o });
      } else {
        this.heldSkipped += o.count;
      }
    }
  }

  private announce(t: BurstTransition, ctx: EngineContext): void {
    const g = t.group;
    const now = ctx.now();
    const base = { groupKey: g.key, label: `${g.source}: ${g.title}`, groupSnoozedUntil: g.snoozedUntil, explore: exploreTarget(g, now) };
    if (t.kind === 'alert') {
      this.lastFiredAt = now;
      ctx.notify(this, { ...base, kind: 'alert', messageKind: 'alert', build: (links) => alertMessage(links, { cause: g.cause, title: g.title, source: g.source, level: g.level, fingerprint: g.key, count: g.count, since: g.burstStart, quietForMs: g.quietForMs, sample: g.sample }) });
      this.tracker.notified(g.key, now);
    } else if (t.kind === 'update') {
      ctx.notify(this, { ...base, kind: 'update', messageKind: 'update', build: (links) => updateMessage(links, { title: g.title, source: g.source, level: g.level, count: g.count, added: t.added, since: g.burstStart, lastSeen: g.lastSeen }) });
      this.tracker.notified(g.key, now);
    } else {
      ctx.notify(this, { ...base, kind: 'resolve', messageKind: 'resolve', build: (links) => resolveMessage(links, { title: g.title, reason: 'quiet', since: g.burstStart, endedAt: g.lastSeen, count: g.count }) });
    }
  }

  /** Through the tracker, which also knows which bursts are open. */
  override load(groups: StoredGroup[]): void {
    for (const g of groups) this.tracker.load(g.data as unknown as BurstGroup);
  }

  /** No removals: a fingerprint the tracker evicted for memory keeps its stored row. */
  override drainDirty(): DirtyGroups {
    return { groups: this.tracker.drainDirty().map(storedGroup), removed: [] };
  }

  protected view(g: BurstGroup, now: number, ctx: EngineContext): GroupView {
    return {
      key: g.key,
      label: g.title,
      state: g.state,
      since: g.state === 'ALERT' ? g.burstStart : g.lastSeen,
      lastSeen: g.lastSeen,
      count: g.count,
      value: null,
      history: null,
      title: g.title,
      source: g.source,
      level: g.level,
      detail: g.state === 'ALERT' ? (g.cause === 'new' ? 'new fingerprint' : `back after ${Math.round((g.quietForMs ?? 0) / MINUTE)} min quiet`) : g.sinceClear > 0 ? `${g.sinceClear} more since it cleared` : null,
      snoozedUntil: g.snoozedUntil,
      sample: g.sample,
      exploreUrl: ctx.exploreUrl(exploreTarget(g, now), this.rule),
    };
  }

  /**
   * The query that reads what the sinks would have seen, from the store: events of the rule's
   * filter received in [from, to) (epoch ms of @ingestionTime), per fingerprint (sampled events
   * count for what they represent).
   */
  pollQuery(from: number, to: number): string {
    const received = `filter toMillis(@ingestionTime) >= ${Math.floor(from)} and toMillis(@ingestionTime) < ${Math.floor(to)}\n| `;
    return `${received}${this.filterQl}stats sum(coalesce(${REPRESENTS_FIELD}, 1)) as n, min(@ingestionTime) as first, max(@ingestionTime) as last, min(@timestamp) as minTs, max(@timestamp) as maxTs, earliest(level) as lvl, earliest(message) as msg, earliest(@message) as raw, earliest(@logStream) as stream by @fingerprint, @log\n| limit 10000`;
  }

  /** Known fingerprints, so a new rule does not call every existing error new. */
  seedQuery(): string {
    return `${this.filterQl}stats max(@timestamp) as last, earliest(level) as lvl, earliest(message) as msg, earliest(@message) as raw by @fingerprint, @log\n| sort last desc\n| limit 5000`;
  }
}

export function policyOf(rule: FingerprintRuleConfig, pollDelayMs: number | null): BurstPolicy {
  const resolveAfterMs = rule.resolveAfterSeconds * 1000;
  return { quietMs: rule.quietSeconds * 1000, resolveAfterMs: pollDelayMs === null ? resolveAfterMs : Math.max(resolveAfterMs, pollDelayMs), updateEveryMs: rule.updateEverySeconds * 1000 };
}

function exploreTarget(g: BurstGroup, now: number) {
  return { ql: `filter @fingerprint = ${quote(g.key)}\n| sort @timestamp desc\n| limit 1000`, start: g.minTs - MINUTE, end: Math.min(now, g.maxTs + 5 * MINUTE), sources: [g.source] };
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function titleOf(e: { fields: Record<string, unknown>; message: string }): string {
  const summary = [e.fields.message, e.fields['error.message']].find((v) => typeof v === 'string') as string | undefined;
  return (summary ?? e.message).split('\n')[0].trim().slice(0, 200) || '(empty message)';
}

function sampleOf(e: LogEvent): SampleEvent {
  const fields: Record<string, FieldScalar> = {};
  for (const f of SAMPLE_FIELDS) {
    const v = e.fields[f];
    if (v !== null && v !== undefined) fields[f] = v;
  }
  return { timestamp: e.timestamp, source: e.log, stream: e.logStream, level: str(e.fields.level), message: e.message.slice(0, 4000), fields };
}
