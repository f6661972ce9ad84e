// Threshold rules at run time: once per window the saved query runs over the last window, each
// group's number (lib/alerts/threshold.ts) is compared with the threshold, and a group fires
// after n of the last m windows breached.
import { GroupTable } from '@/lib/alerts/group-table';
import { MEASURE_HELP, type AlertState } from '@/lib/alerts/rules';
import { resolveMessage, thresholdMessage } from '@/lib/alerts/slack-blocks';
import { ALL_GROUP, breaches, checkMeasure, measureGroups, queryShape, windowState, type WindowOutcome } from '@/lib/alerts/threshold';
import { parse } from '@/lib/query';
import { isQueryEngineError } from '../store/duckdb/query/errors';
import { RuleRuntime, type EngineContext } from './runtime';
import { savedQueryForRule } from './store';
import type { AlertRule, GroupView } from './types';

type ThresholdRule = AlertRule & { kind: 'threshold' };

interface ThresholdGroup {
  key: string;
  state: AlertState;
  since: number;
  value: number | null;
  history: WindowOutcome[];
  /** Consecutive windows without data. */
  missing: number;
  snoozedUntil: number | null;
  lastSeen: number | null;
}

/** A threshold's history means nothing under another query or measure: the engine starts it again. */
export function thresholdSpecChanged(a: AlertRule, b: AlertRule): boolean {
  if (a.kind !== 'threshold' || b.kind !== 'threshold') return false;
  return (['savedQueryId', 'measure', 'column', 'comparator', 'threshold', 'windowSeconds', 'n', 'm'] as const).some((k) => a[k] !== b[k]) || a.sources.join() !== b.sources.join();
}

/** Groups one rule tracks; more (a `by` over an id) are left out and the rule says so. */
const MAX_GROUPS = 500;

export class ThresholdRuntime extends RuleRuntime<ThresholdGroup> {
  declare rule: ThresholdRule;
  protected readonly groups = new GroupTable<ThresholdGroup>();
  private running = false;
  nextRunAt = 0;
  lastRunAt: number | null = null;
  queryName: string | null = null;
  private queryQl = '';

  tick(now: number, ctx: EngineContext): void {
    if (this.running || now < this.nextRunAt) return;
    this.run(ctx).catch((error: unknown) => console.error(`alert engine: threshold rule "${this.rule.name}" failed`, error));
  }

  /** Runs the query over the window that ends now and updates every group. */
  async run(ctx: EngineContext): Promise<void> {
    if (this.running) return;
    this.running = true;
    const now = ctx.now();
    this.nextRunAt = now + this.rule.windowSeconds * 1000;
    try {
      const saved = await savedQueryForRule(ctx.meta, this.rule.savedQueryId);
      if (!saved) throw new Error('the saved query was deleted; edit the rule and pick another');
      this.queryName = saved.name;
      this.queryQl = saved.ql;
      const parsed = parse(saved.ql);
      if (!parsed.ok) throw new Error(`the saved query no longer parses: ${parsed.error.message}`);
      const shape = queryShape(parsed.query);
      const problem = checkMeasure(shape, this.rule);
      if (problem) throw new Error(problem);
      const result = await ctx.backend.query(parsed.query, { start: now - this.rule.windowSeconds * 1000, end: now }, this.rule.sources, { timeoutMs: 30_000 });
      this.evaluate(measureGroups(result, shape, this.rule), now, ctx);
      this.lastError = null;
    } catch (error) {
      this.lastError = isQueryEngineError(error) || error instanceof Error ? (error as Error).message : String(error);
    } finally {
      this.lastRunAt = now;
      this.running = false;
    }
  }

  private evaluate(values: Map<string, number>, now: number, ctx: EngineContext): void {
    const { n, m, comparator, threshold } = this.rule;
    const keys = new Set([...this.groups.keys(), ...values.keys()]);
    let skipped = 0;
    for (const key of keys) {
      let g = this.groups.get(key);
      if (!g) {
        if (this.groups.size >= MAX_GROUPS) {
          skipped++;
          continue;
        }
        g = { key, state: 'OK', since: now, value: null, history: [], missing: 0, snoozedUntil: null, lastSeen: null };
        this.groups.set(g);
      }
      const value = values.get(key);
      const outcome: WindowOutcome = value === undefined ? null : breaches(value, comparator, threshold);
      g.history = [...g.history, outcome].slice(-m);
      g.missing = value === undefined ? g.missing + 1 : 0;
      if (value !== undefined) {
        g.value = value;
        g.lastSeen = now;
      }
      const next = windowState(g.history, n, m);
      if (next !== g.state) this.transition(g, next, now, ctx);
      this.groups.touch(key);
      if (g.missing >= 3 * m && g.state !== 'ALERT') this.groups.remove(key);
    }
    if (skipped > 0) this.lastError = `${skipped} more groups than the ${MAX_GROUPS} a rule tracks were left out; group by fewer values`;
  }

  private transition(g: ThresholdGroup, next: AlertState, now: number, ctx: EngineContext): void {
    const previous = g.state;
    const alertingSince = g.since;
    g.state = next;
    g.since = now;
    const { windowSeconds } = this.rule;
    const queryName = this.queryName ?? 'saved query';
    const label = g.key === ALL_GROUP ? queryName : `${queryName} (${g.key})`;
    const base = { groupKey: g.key, label, groupSnoozedUntil: g.snoozedUntil, explore: this.explore(now) };
    const measure = this.measureLabel();
    if (next === 'ALERT') {
      this.lastFiredAt = now;
      const breached = g.history.filter((o) => o === true).length;
      ctx.notify(this, { ...base, kind: 'alert', messageKind: 'alert', build: (links) => thresholdMessage(links, { queryName, group: g.key, measure, comparator: this.rule.comparator, threshold: this.rule.threshold, value: g.value ?? 0, n: breached, m: g.history.length, windowSeconds }) });
    } else if (previous === 'ALERT') {
      ctx.notify(this, { ...base, kind: 'resolve', messageKind: 'resolve', build: (links) => resolveMessage(links, { title: label, reason: next === 'OK' ? 'recovered' : 'no-data', since: alertingSince, endedAt: now, value: next === 'OK' ? (g.value ?? undefined) : undefined }) });
    }
  }

  measureLabel(): string {
    return this.rule.column ? `${MEASURE_HELP[this.rule.measure].label} of ${this.rule.column}` : MEASURE_HELP[this.rule.measure].label;
  }

  private explore(now: number) {
    return { ql: this.queryQl, start: now - this.rule.windowSeconds * 1000, end: now, sources: this.rule.sources };
  }

  protected view(g: ThresholdGroup, now: number, ctx: EngineContext): GroupView {
    return {
      key: g.key,
      label: g.key === ALL_GROUP ? 'all events' : g.key,
      state: g.state,
      since: g.since,
      lastSeen: g.lastSeen,
      count: null,
      value: g.value,
      history: g.history,
      title: null,
      source: null,
      level: null,
      detail: `${g.history.filter((o) => o === true).length} of the last ${g.history.length} windows ${this.rule.comparator} ${this.rule.threshold}`,
      snoozedUntil: g.snoozedUntil,
      sample: null,
      exploreUrl: ctx.exploreUrl(this.explore(now), this.rule),
    };
  }
}
