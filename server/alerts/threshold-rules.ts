// Threshold rules at run time: once per window the saved query runs over the window just ended,
// each group's number (lib/alerts/threshold.ts) is compared with the threshold, and a group fires
// after n of the last m windows breached. Windows are contiguous and never overlap
// ([end + 1, end + window], both ends inclusive as the stores read a range), so no event is
// missed or counted twice; in poll mode (AWS) they end the poll lag behind now, when the store is
// complete. "Evaluate now" only shows the current values: it never enters the n-of-m history.
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

/** After a failed run the same window is tried again this much later (or a window later, if shorter). */
const RETRY_MS = 30_000;

interface Window {
  start: number;
  end: number;
}

export class ThresholdRuntime extends RuleRuntime<ThresholdGroup> {
  declare rule: ThresholdRule;
  protected readonly groups = new GroupTable<ThresholdGroup>();
  /** The last scheduled window that ran (its end, inclusive); null before the first. */
  windowEnd: number | null = null;
  private lastWindow: Window | null = null;
  private retryAt = 0;
  private running: Promise<void> | null = null;
  lastRunAt: number | null = null;
  queryName: string | null = null;
  private queryQl = '';

  /** The scheduled run in progress, if any (the engine waits for it in idle() and on an edit). */
  get inFlight(): Promise<void> | null {
    return this.running;
  }

  tick(now: number, ctx: EngineContext): void {
    if (this.running || this.retired || now < this.retryAt) return;
    const window = this.dueWindow(now, ctx);
    if (!window) return;
    this.running = this.runWindow(window, now, ctx)
      .catch((error: unknown) => console.error(`alert engine: threshold rule "${this.rule.name}" failed`, error))
      .finally(() => {
        this.running = null;
      });
  }

  /** The next window once it has fully passed: right after the last one, ending the store's lag behind now. */
  private dueWindow(now: number, ctx: EngineContext): Window | null {
    const size = this.rule.windowSeconds * 1000;
    const latest = now - ctx.storeLagMs;
    if (this.windowEnd === null) return { start: latest - size + 1, end: latest };
    let end = this.windowEnd + size;
    if (end > latest) return null;
    // Far behind (the process slept, the store was down): only the last m windows still count.
    const behind = Math.floor((latest - this.windowEnd) / size);
    if (behind > this.rule.m) end = this.windowEnd + (behind - this.rule.m + 1) * size;
    return { start: end - size + 1, end };
  }

  private async runWindow(window: Window, now: number, ctx: EngineContext): Promise<void> {
    const values = await this.measure(window, now, ctx);
    if (values === null) {
      this.retryAt = now + Math.min(RETRY_MS, this.rule.windowSeconds * 1000);
      return;
    }
    this.windowEnd = window.end;
    this.lastWindow = window;
    this.evaluate(values, now, ctx);
  }

  /** "Evaluate now": the values over the last window, shown on the page; the history is left alone. */
  async evaluateNow(ctx: EngineContext): Promise<void> {
    const now = ctx.now();
    const size = this.rule.windowSeconds * 1000;
    const end = now - ctx.storeLagMs;
    const values = await this.measure({ start: end - size + 1, end }, now, ctx);
    for (const [key, value] of values ?? []) {
      let g = this.groups.get(key);
      if (!g) {
        if (this.groups.size >= MAX_GROUPS) continue;
        g = { key, state: 'OK', since: now, value: null, history: [], missing: 0, snoozedUntil: null, lastSeen: null };
        this.groups.set(g);
      }
      g.value = value;
      g.lastSeen = now;
      this.groups.touch(key);
    }
  }

  /** The rule's number per group over the window; null (and lastError) when the query cannot run. */
  private async measure(window: Window, now: number, ctx: EngineContext): Promise<Map<string, number> | null> {
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
      const result = await ctx.backend.query(parsed.query, window, this.rule.sources, { timeoutMs: 30_000 });
      this.lastError = null;
      return measureGroups(result, shape, this.rule);
    } catch (error) {
      this.lastError = isQueryEngineError(error) || error instanceof Error ? (error as Error).message : String(error);
      return null;
    } finally {
      this.lastRunAt = now;
    }
  }

  /** Takes over from the runtime before an edit that kept the query and measure: its groups and where its windows are. */
  adopt(previous: ThresholdRuntime): void {
    const { removed } = previous.groups.drain();
    for (const g of previous.groups.values()) {
      this.groups.set(g);
      this.groups.touch(g.key);
    }
    for (const key of removed) this.groups.remove(key);
    this.windowEnd = previous.windowEnd;
    this.lastWindow = previous.lastWindow;
    this.queryName = previous.queryName;
    this.queryQl = previous.queryQl;
    this.lastRunAt = previous.lastRunAt;
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

  /** The saved query over the last window that ran (or the last window's length up to now). */
  private explore(now: number) {
    const w = this.lastWindow ?? { start: now - this.rule.windowSeconds * 1000, end: now };
    return { ql: this.queryQl, start: w.start, end: w.end, sources: this.rule.sources };
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
