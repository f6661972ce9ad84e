// What the engine holds per rule: its rate cap, its groups, and how it reacts to time passing.
// Each rule kind has its own runtime (fingerprint-rules.ts, threshold-rules.ts, storm-rules.ts).
import type { ExploreTarget } from '@/lib/alerts/explore-link';
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
  exploreUrl(target: ExploreTarget, rule: AlertRule): string;
  /** Offers a message to the rule's rate cap and sends it; false when snoozed or suppressed. */
  notify(rt: RuleRuntime, n: Notification): boolean;
}

export interface DirtyGroups {
  groups: StoredGroup[];
  removed: string[];
}

export abstract class RuleRuntime {
  readonly cap: RateCap;
  lastFiredAt: number | null = null;
  lastError: string | null = null;
  /** Messages not sent because the rule or the group was snoozed. */
  snoozedSkipped = 0;

  constructor(public rule: AlertRule) {
    this.cap = new RateCap(rule.maxMessagesPerMinute);
  }

  /** Loads stored groups (engine start, rule edit). */
  abstract load(groups: StoredGroup[]): void;
  /** Called about once a second; must not wait on anything slow. */
  abstract tick(now: number, ctx: EngineContext): void;
  abstract drainDirty(): DirtyGroups;
  abstract views(ctx: EngineContext): GroupView[];
  abstract snoozeGroup(key: string, until: number | null): boolean;
  abstract states(): Record<AlertState, number>;
}

export function countStates(states: Iterable<AlertState>): Record<AlertState, number> {
  const out: Record<AlertState, number> = { OK: 0, ALERT: 0, NO_DATA: 0 };
  for (const s of states) out[s]++;
  return out;
}

/** Alerting groups first, then the most recent. */
export function byUrgency(a: GroupView, b: GroupView): number {
  const rank = (g: GroupView) => (g.state === 'ALERT' ? 0 : g.state === 'NO_DATA' ? 1 : 2);
  return rank(a) - rank(b) || (b.lastSeen ?? b.since) - (a.lastSeen ?? a.since);
}
