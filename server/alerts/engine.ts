// The alert engine: one per process (Services.alerts). Fingerprint rules see every stored event
// through `sink` (an IngestStages sink: it only queues, evaluation runs later in small slices so
// ingest never waits) or, in AWS mode where the pipeline runs in Lambda, by polling the store.
// Threshold rules run their saved query on a timer; storm rules hear from the storm guard.
import type { LogEvent } from '@/lib/events';
import { exploreLink, type ExploreTarget } from '@/lib/alerts/explore-link';
import { suppressedMessage, testMessage, type MessageLinks } from '@/lib/alerts/slack-blocks';
import type { StormReport } from '@/lib/alerts/storm';
import { maskWebhookUrl } from '@/lib/alerts/webhook-url';
import type { Config } from '../config';
import type { EventSink } from '../ingest/pipeline';
import type { MetaDb } from '../meta/db';
import type { LogBackend } from '../store/backend';
import type { DeliveryOptions } from './delivery';
import { FingerprintRuntime } from './fingerprint-rules';
import { Notifier } from './notifier';
import { pollFingerprints } from './poll';
import { RuleSet } from './rule-set';
import type { EngineContext } from './runtime';
import { StormRuntime } from './storm-rules';
import { saveGroups, savedQueryForRule } from './store';
import { ThresholdRuntime } from './threshold-rules';
import type { AlertRule, EngineStatus, GroupView, RuleView } from './types';

export interface AlertEngineOptions {
  meta: MetaDb;
  backend: Pick<LogBackend, 'query'>;
  settings: Config['alerts'];
  /** The console's address for links (LOGLINE_PUBLIC_URL, else NEXTAUTH_URL, else localhost). */
  baseUrl: () => string;
  clock?: () => number;
  delivery?: Partial<Omit<DeliveryOptions, 'policy'>>;
  tickMs?: number;
  flushMs?: number;
}

/** Events waiting for evaluation; beyond this the engine skips (and counts) rather than grow. */
const MAX_QUEUED_EVENTS = 100_000;
/** Longest the engine evaluates before yielding the event loop back to ingest. */
const SLICE_MS = 8;

export class AlertEngine {
  readonly notifier: Notifier;
  /** For `IngestStages.sinks`: queues the events and returns at once. */
  readonly sink: EventSink;
  private readonly rules: RuleSet;
  private readonly queue: (readonly LogEvent[])[] = [];
  private queued = 0;
  private skipped = 0;
  private draining = false;
  private timers: NodeJS.Timeout[] = [];
  private reloading: Promise<void> = Promise.resolve();
  private lastPollAt: number | null = null;
  private lastPollError: string | null = null;
  private polling: Promise<void> | null = null;
  private readonly clock: () => number;
  readonly ctx: EngineContext;

  constructor(private readonly o: AlertEngineOptions) {
    this.clock = o.clock ?? Date.now;
    const policy = { allowedHosts: o.settings.allowedHosts, allowLoopbackHttp: o.settings.allowLoopbackHttp };
    this.notifier = new Notifier(o.meta, policy, o.delivery);
    const pollDelayMs = o.settings.feed === 'poll' ? (2 * o.settings.pollSeconds + o.settings.pollLagSeconds) * 1000 : null;
    this.ctx = {
      now: this.clock,
      backend: o.backend,
      meta: o.meta,
      pollDelayMs,
      storeLagMs: o.settings.feed === 'poll' ? o.settings.pollLagSeconds * 1000 : 0,
      exploreUrl: (target, rule) => this.links(rule, target).exploreUrl,
      notify: (rt, n) => {
        const now = this.clock();
        if ((rt.rule.snoozedUntil ?? 0) > now || (n.groupSnoozedUntil ?? 0) > now) {
          rt.snoozedSkipped++;
          return false;
        }
        if (!rt.cap.offer(n.kind, n.label, now)) return false;
        const message = n.build(this.links(rt.rule, n.explore));
        this.notifier.enqueue({ url: rt.rule.webhookUrl, ruleId: rt.rule.id, ruleName: rt.rule.name, kind: n.messageKind, groupKey: n.groupKey, message });
        return true;
      },
    };
    this.rules = new RuleSet(o.meta, this.ctx, o.settings);
    this.sink = (events) => {
      if (o.settings.feed !== 'sinks' || this.fingerprintRules.length === 0 || events.length === 0) return;
      if (this.queued + events.length > MAX_QUEUED_EVENTS) {
        this.skipped += events.length;
        return;
      }
      this.queue.push(events);
      this.queued += events.length;
      if (!this.draining) {
        this.draining = true;
        setImmediate(this.drain);
      }
    };
  }

  /** Loads the rules (meta reads only) and returns; fingerprint rules read their seed in the background. */
  async start(): Promise<void> {
    await this.reload();
    const every = (ms: number, fn: () => Promise<void> | void) => {
      // Through then(), so a synchronous throw (tick) is caught too instead of crashing the process.
      const t = setInterval(() => void Promise.resolve().then(fn).catch((e: unknown) => console.error('alert engine:', e)), ms);
      t.unref();
      this.timers.push(t);
    };
    every(this.o.tickMs ?? 1000, () => this.tick());
    every(this.o.flushMs ?? 2000, () => this.flush());
    if (this.o.settings.feed === 'poll') every(this.o.settings.pollSeconds * 1000, () => this.poll());
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.flush();
    await Promise.race([this.notifier.idle(), new Promise((r) => setTimeout(r, 3000).unref())]);
  }

  /** Picks up created, edited, snoozed and deleted rules; never rejects (the rule page shows what failed). */
  reload(): Promise<void> {
    this.reloading = this.reloading.then(() => this.rules.sync(() => this.flush())).catch((e: unknown) => console.error('alert engine: reloading rules failed', e));
    return this.reloading;
  }

  private get runtimes() {
    return this.rules.runtimes;
  }

  private get fingerprintRules() {
    return this.rules.fingerprintRules;
  }

  private readonly drain = (): void => {
    const started = performance.now();
    while (this.queue.length > 0 && performance.now() - started < SLICE_MS) {
      const events = this.queue.shift()!;
      this.queued -= events.length;
      for (const rt of this.fingerprintRules) {
        // Runs from setImmediate: a throw here would crash the process and leave `draining` stuck.
        try {
          const observed = new Map();
          rt.collect(events, observed);
          if (observed.size > 0) rt.apply(observed.values(), this.ctx);
        } catch (error) {
          console.error(`alert engine: rule "${rt.rule.name}" failed on a batch of events`, error);
        }
      }
    }
    if (this.queue.length > 0) setImmediate(this.drain);
    else this.draining = false;
  };

  /** Resolves, updates, threshold runs and "N more suppressed" summaries; runs every second. */
  tick(): void {
    const now = this.clock();
    if (this.rules.takeRetry(now)) void this.reload();
    this.rules.startSeeds(now);
    for (const rt of this.runtimes.values()) {
      rt.tick(now, this.ctx);
      const summary = rt.cap.takeSummary(now);
      if (summary) {
        const links = this.links(rt.rule, null);
        this.notifier.enqueue({ url: rt.rule.webhookUrl, ruleId: rt.rule.id, ruleName: rt.rule.name, kind: 'suppressed', groupKey: null, message: suppressedMessage(links, summary, rt.cap.windowMs) });
      }
    }
  }

  /** Writes the groups that changed since the last flush. */
  async flush(): Promise<void> {
    const drained = [...this.runtimes.values()].map((rt) => ({ rt, changes: rt.drainDirty() }));
    try {
      await saveGroups(this.o.meta, drained.map(({ rt, changes }) => ({ ruleId: rt.rule.id, ...changes })));
    } catch (error) {
      // Nothing is lost: the next flush saves them (state, counts) with whatever changed since.
      for (const { rt, changes } of drained) rt.requeue(changes);
      throw error;
    }
  }

  /**
   * The poll feed (AWS mode): fingerprint rules read the events since their last poll from the
   * store. One poll at a time (a call while one runs joins it: two would read the same events
   * twice); a rule that fails does not keep the others from polling, and reads the same events
   * again next time.
   */
  poll(): Promise<void> {
    this.polling ??= this.pollEveryRule().finally(() => {
      this.polling = null;
    });
    return this.polling;
  }

  private async pollEveryRule(): Promise<void> {
    const now = this.clock();
    const failed: string[] = [];
    for (const id of [...this.runtimes.keys()]) {
      // The current runtime of each rule, as reloads may replace them while this runs.
      const rt = this.runtimes.get(id);
      if (!(rt instanceof FingerprintRuntime) || rt.retired) continue;
      const run = pollFingerprints(rt, this.ctx, now, this.o.settings);
      rt.polling = run;
      try {
        await run;
        rt.pollError = null;
      } catch (error) {
        rt.pollError = error instanceof Error ? error.message : String(error);
        failed.push(`${rt.rule.name}: ${rt.pollError}`);
      } finally {
        rt.polling = null;
      }
    }
    this.lastPollError = failed.length > 0 ? failed.join('; ') : null;
    this.lastPollAt = now;
  }

  onStorm(report: StormReport): void {
    for (const rt of this.runtimes.values()) if (rt instanceof StormRuntime && rt.matches(report)) rt.onStorm(report, this.ctx);
  }

  /** The rule page's "evaluate now": a threshold rule shows its current values (its history is left alone). */
  async evaluate(ruleId: string): Promise<void> {
    const rt = this.runtimes.get(ruleId);
    if (rt instanceof ThresholdRuntime) await rt.evaluateNow(this.ctx);
    else this.tick();
  }

  /** Waits until queued events are evaluated and queued messages delivered (tests, shutdown). */
  async idle(): Promise<void> {
    await this.reloading;
    // Seeds running now (not retries waiting for their time), then what they let through.
    while (this.fingerprintRules.some((r) => r.seeding)) await Promise.all(this.fingerprintRules.map((r) => r.seeding));
    while (this.draining) await new Promise((r) => setImmediate(r));
    await Promise.all([...this.runtimes.values()].map((r) => (r instanceof ThresholdRuntime ? r.inFlight : null)));
    await this.notifier.idle();
  }

  sendTest(url: string, rule: { id: string | null; name: string | null }, sentBy: string) {
    const message = testMessage({ ruleName: rule.name, consoleUrl: this.o.baseUrl(), sentBy, at: this.clock() });
    return this.notifier.deliver({ url, ruleId: rule.id, ruleName: rule.name ?? '(new rule)', kind: 'test', groupKey: null, message });
  }

  snoozeGroup(ruleId: string, key: string, until: number | null): boolean {
    return this.runtimes.get(ruleId)?.snoozeGroup(key, until) ?? false;
  }

  groups(ruleId: string): GroupView[] {
    return this.runtimes.get(ruleId)?.views(this.ctx) ?? [];
  }

  async view(rule: AlertRule): Promise<RuleView> {
    const { webhookUrl, ...rest } = rule;
    const rt = this.runtimes.get(rule.id);
    const savedQueryName = rule.kind === 'threshold' ? ((await savedQueryForRule(this.o.meta, rule.savedQueryId))?.name ?? null) : null;
    const now = this.clock();
    return {
      ...rest,
      webhook: maskWebhookUrl(webhookUrl),
      states: rt?.states() ?? { OK: 0, ALERT: 0, NO_DATA: 0 },
      lastFiredAt: rt?.lastFiredAt ?? null,
      lastError: this.rules.problem(rule) ?? rt?.lastError ?? (rt instanceof FingerprintRuntime ? (rt.seedProblem(now) ?? rt.pollProblem()) : null) ?? (rule.enabled ? null : 'disabled: not evaluated'),
      savedQueryName,
      suppressed: rt?.cap.pending() ?? 0,
      snoozed: (rule.snoozedUntil ?? 0) > now,
    } as RuleView;
  }

  status(): EngineStatus {
    return { feed: this.o.settings.feed, queuedEvents: this.queued, skippedEvents: this.skipped, lastPollAt: this.lastPollAt, lastPollError: this.lastPollError };
  }

  private links(rule: AlertRule, explore: ExploreTarget | null): MessageLinks {
    const base = this.o.baseUrl().replace(/\/+$/, '');
    const rulePath = `/alerts/${encodeURIComponent(rule.id)}`;
    return { ruleName: rule.name, ruleUrl: `${base}${rulePath}`, exploreUrl: explore && explore.ql ? exploreLink(base, explore, rulePath) : `${base}${rulePath}` };
  }
}
