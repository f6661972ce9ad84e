// What the engine holds per rule: its rate cap, its groups, and how it reacts to time passing.
// Each rule kind has its own runtime (fingerprint-rules.ts, threshold-rules.ts, storm-rules.ts);
// the groups' bookkeeping (storage, snoozes, counts, the list) is the same for all, here.
import type { ExploreTarget } from '@/lib/alerts/explore-link';
import type { GroupTable, TrackedGroup } from '@/lib/alerts/group-table';
import type { CappedKind } from '@/lib/alerts/rate-cap';
import { RateCap } from '@/lib/alerts/rate-cap';
import type { AlertState } from '@/lib/alerts/rules';
import type { MessageLinks, SlackMessage } from '@/lib/alerts/slack-blocks';
import type { MetaDb } from '../meta/db';
import type { LogBackend } from '../store/backend';
import type { StoredGroup } from './store';
import type { AlertRule, GroupView, MessageKind } from './types';

export interface Notification {
  kind: CappedKind;
  messageKind: MessageKind;
  groupKey: string;
  /** How the group is named in a "N more suppressed" summary. */
  label: string;
  groupSnoozedUntil: number | null;
  explore: ExploreTarget;
  build: (links: MessageLinks) => SlackMessage;
}

export interface EngineContext {
  now(): number;
  backend: Pick<LogBackend, 'query'>;
  meta: MetaDb;
  /** Poll feed: events reach fingerprint rules this late (interval + lag), so bursts resolve no sooner. */
  pollDelayMs: number | null;
  /** Poll feed: the store is complete up to this long ago (the poll lag), so threshold windows end there; else 0. */
  storeLagMs: number;
  exploreUrl(target: ExploreTarget, rule: AlertRule): string;
  /** Offers a message to the rule's rate cap and sends it; false when snoozed or suppressed. */
  notify(rt: RuleRuntime, n: Notification): boolean;
}

export interface DirtyGroups {
  groups: StoredGroup[];
  removed: string[];
}

export abstract class RuleRuntime<G extends TrackedGroup = TrackedGroup> {
  readonly cap: RateCap;
  lastFiredAt: number | null = null;
  lastError: string | null = null;
  /** Messages not sent because the rule or the group was snoozed. */
  snoozedSkipped = 0;
  /** Replaced by an edit (or the rule deleted): starts no more runs or polls. */
  retired = false;

  constructor(public rule: AlertRule) {
    this.cap = new RateCap(rule.maxMessagesPerMinute);
  }

  protected abstract readonly groups: GroupTable<G>;

  /** Called about once a second; must not wait on anything slow. */
  abstract tick(now: number, ctx: EngineContext): void;
  /** One group as the rule page lists it. */
  protected abstract view(group: G, now: number, ctx: EngineContext): GroupView;

  /** Loads stored groups (engine start, rule edit). */
  load(groups: StoredGroup[]): void {
    for (const g of groups) this.groups.set(g.data as unknown as G);
  }

  /** After a failed save: the drained changes go back, to be saved with the next flush. */
  requeue(changes: DirtyGroups): void {
    this.groups.requeue(changes.groups.map((g) => g.key), changes.removed);
  }

  drainDirty(): DirtyGroups {
    const { groups, removed } = this.groups.drain();
    return { groups: groups.map(storedGroup), removed };
  }

  snoozeGroup(key: string, until: number | null): boolean {
    return this.groups.snooze(key, until);
  }

  states(): Record<AlertState, number> {
    return this.groups.states();
  }

  views(ctx: EngineContext): GroupView[] {
    const now = ctx.now();
    return [...this.groups.values()].map((g) => this.view(g, now, ctx)).sort(byUrgency);
  }
}

export function storedGroup(g: TrackedGroup): StoredGroup {
  return { key: g.key, state: g.state, data: { ...g } };
}

/** Alerting groups first, then the most recent. */
export function byUrgency(a: GroupView, b: GroupView): number {
  const rank = (g: GroupView) => (g.state === 'ALERT' ? 0 : g.state === 'NO_DATA' ? 1 : 2);
  return rank(a) - rank(b) || (b.lastSeen ?? b.since) - (a.lastSeen ?? a.since);
}
