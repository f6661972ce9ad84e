// The alert engine's runtimes, one per enabled rule, kept in step with meta.alert_rules. A reload
// replaces the runtime of each edited rule (the new one takes over what it may keep), starts the
// seeds of fingerprint rules in the background, and remembers why a rule could not be loaded:
// the rule page says so while the previous version, if any, keeps running, and the engine tries
// again every 30 s. A reload never rejects, so a saved rule never answers an error for it.
import type { Config } from '../config';
import type { MetaDb } from '../meta/db';
import { FingerprintRuntime } from './fingerprint-rules';
import { seedFingerprints } from './poll';
import type { EngineContext, RuleRuntime } from './runtime';
import { StormRuntime } from './storm-rules';
import { deleteGroups, listRules, loadGroups } from './store';
import { thresholdSpecChanged, ThresholdRuntime } from './threshold-rules';
import type { AlertRule } from './types';

export const RELOAD_RETRY_MS = 30_000;

/** Same rule (a snooze changes only snoozedUntil): keep its runtime. updatedAt alone misses two edits in one millisecond. */
const sameRule = (a: AlertRule, b: AlertRule) => JSON.stringify({ ...a, snoozedUntil: null }) === JSON.stringify({ ...b, snoozedUntil: null });

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class RuleSet {
  readonly runtimes = new Map<string, RuleRuntime>();
  fingerprintRules: FingerprintRuntime[] = [];
  /** Rules whose current version could not be loaded, and why. */
  private readonly loadErrors = new Map<string, string>();
  /** Why the last reload failed as a whole (the rules could not be listed), if it did. */
  private reloadError: string | null = null;
  private retryAt = 0;

  constructor(
    private readonly meta: MetaDb,
    private readonly ctx: EngineContext,
    private readonly settings: Config['alerts'],
  ) {}

  /** Loads created, edited, snoozed and deleted rules; `flush` first saves the groups that changed. */
  async sync(flush: () => Promise<void>): Promise<void> {
    try {
      await flush();
      const rules = (await listRules(this.meta)).filter((r) => r.enabled);
      const ids = new Set(rules.map((r) => r.id));
      for (const [id, rt] of this.runtimes) {
        if (ids.has(id)) continue;
        rt.retired = true;
        this.runtimes.delete(id);
      }
      for (const id of this.loadErrors.keys()) if (!ids.has(id)) this.loadErrors.delete(id);
      for (const rule of rules) {
        const current = this.runtimes.get(rule.id);
        if (current && sameRule(current.rule, rule)) {
          current.rule = rule;
          continue;
        }
        try {
          await this.replace(rule, current);
          this.loadErrors.delete(rule.id);
        } catch (error) {
          if (current) current.retired = false;
          this.loadErrors.set(rule.id, message(error));
          console.error(`alert engine: could not load rule "${rule.name}"`, error);
        }
      }
      this.reloadError = null;
    } catch (error) {
      this.reloadError = message(error);
      console.error('alert engine: reloading rules failed', error);
    }
    this.listFingerprintRules();
    this.retryAt = this.ctx.now() + RELOAD_RETRY_MS;
    this.startSeeds(this.ctx.now());
  }

  /** Whether a reload that failed (wholly or for a rule) should be tried again now (once per interval). */
  takeRetry(now: number): boolean {
    if ((this.reloadError === null && this.loadErrors.size === 0) || now < this.retryAt) return false;
    this.retryAt = now + RELOAD_RETRY_MS;
    return true;
  }

  /** For the rule page: why this version of the rule is not the one running, if it is not. */
  problem(rule: AlertRule): string | null {
    const rt = this.runtimes.get(rule.id);
    const why = this.loadErrors.get(rule.id) ?? (this.reloadError !== null && (!rt || rt.rule.updatedAt !== rule.updatedAt) ? this.reloadError : null);
    if (why === null || !rule.enabled) return null;
    const meanwhile = rt ? '; meanwhile its previous version keeps running' : '';
    return `the alert engine could not load this version of the rule (${why}); it tries again every ${RELOAD_RETRY_MS / 1000} s${meanwhile}`;
  }

  /** Starts the seeds that are due: new rules, and retries once their backoff has passed. */
  startSeeds(now: number): void {
    for (const rt of this.fingerprintRules) if (rt.needsSeed(now)) this.startSeed(rt);
  }

  private async replace(rule: AlertRule, current: RuleRuntime | undefined): Promise<void> {
    const rt = this.create(rule);
    if (current) current.retired = true;
    if (current && thresholdSpecChanged(current.rule, rule)) await deleteGroups(this.meta, rule.id);
    else if (rt instanceof ThresholdRuntime && current instanceof ThresholdRuntime) {
      // Its window running now must land before the groups and the window position move over.
      await current.inFlight;
      rt.adopt(current);
    } else rt.load(await loadGroups(this.meta, rule.id));
    if (rt instanceof FingerprintRuntime && current instanceof FingerprintRuntime) {
      // A poll of the old runtime still running would move a cursor the new one already took.
      await current.polling?.catch(() => undefined);
      rt.adopt(current);
    }
    this.runtimes.set(rule.id, rt);
    this.listFingerprintRules();
  }

  private create(rule: AlertRule): RuleRuntime {
    if (rule.kind === 'fingerprint') {
      const now = this.ctx.now();
      const rt = new FingerprintRuntime(rule, this.ctx.pollDelayMs, now);
      // Poll feed: read from here once seeded, however long the seed takes.
      if (this.settings.feed === 'poll') rt.polledUntil = now - this.settings.pollLagSeconds * 1000;
      return rt;
    }
    if (rule.kind === 'threshold') return new ThresholdRuntime(rule);
    return new StormRuntime(rule);
  }

  /** Reads a rule's known fingerprints in the background; a failure is retried with backoff. */
  private startSeed(rt: FingerprintRuntime): void {
    rt.seeding = seedFingerprints(rt, this.ctx)
      .then(
        () => rt.seedDone(this.ctx),
        (error: unknown) => rt.seedFailed(message(error), this.ctx.now()),
      )
      .catch((error: unknown) => console.error(`alert engine: rule "${rt.rule.name}" failed after its seed`, error))
      .finally(() => {
        rt.seeding = null;
      });
  }

  private listFingerprintRules(): void {
    this.fingerprintRules = [...this.runtimes.values()].filter((r): r is FingerprintRuntime => r instanceof FingerprintRuntime);
  }
}
