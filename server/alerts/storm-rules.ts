// Storm rules at run time: the storm guard reports each storm as it starts, while it lasts and
// when it ends; a rule turns that into one storm message, updates at most every update interval,
// and an "ended" message with the final counts.
import { stormMessage, type StormNotice } from '@/lib/alerts/slack-blocks';
import { quote } from '@/lib/query';
import { STORM_FIELD } from '../ingest/storm-rate';
import { byUrgency, countStates, RuleRuntime, type DirtyGroups, type EngineContext } from './runtime';
import type { StoredGroup } from './store';
import type { AlertRule, GroupView } from './types';

type StormRule = AlertRule & { kind: 'storm' };

/** What the storm guard reports: a storm's state now. */
export type StormReport = StormNotice & { id: string };

interface StormGroup {
  key: string;
  state: 'OK' | 'ALERT';
  since: number;
  report: StormReport;
  notifiedAt: number;
  snoozedUntil: number | null;
}

const MAX_GROUPS = 200;

export class StormRuntime extends RuleRuntime {
  declare rule: StormRule;
  private readonly groups = new Map<string, StormGroup>();
  private readonly dirty = new Set<string>();
  private readonly removed = new Set<string>();

  matches(report: StormReport): boolean {
    return this.rule.sources.length === 0 || this.rule.sources.includes(report.source);
  }

  onStorm(report: StormReport, ctx: EngineContext): void {
    const now = ctx.now();
    let g = this.groups.get(report.id);
    if (!g) {
      if (report.phase !== 'started') return;
      g = { key: report.id, state: 'ALERT', since: report.startedAt, report, notifiedAt: 0, snoozedUntil: null };
      this.groups.set(report.id, g);
      this.trim();
    }
    g.report = report;
    this.dirty.add(g.key);
    const group = g;
    const send = (kind: 'storm' | 'resolve') =>
      ctx.notify(this, {
        kind,
        messageKind: kind,
        groupKey: group.key,
        label: `${report.source}: ${report.title}`,
        groupSnoozedUntil: group.snoozedUntil,
        explore: explore(report, now),
        build: (links) => stormMessage(links, report),
      });
    if (report.phase === 'started') {
      this.lastFiredAt = now;
      send('storm');
      g.notifiedAt = now;
    } else if (report.phase === 'update' && g.state === 'ALERT' && now - g.notifiedAt >= this.rule.updateEverySeconds * 1000 && this.cap.room(now) > 0) {
      send('storm');
      g.notifiedAt = now;
    } else if (report.phase === 'ended' && g.state === 'ALERT') {
      g.state = 'OK';
      g.since = report.endedAt ?? now;
      send('resolve');
    }
  }

  tick(): void {
    // Driven by the storm guard's reports.
  }

  private trim(): void {
    if (this.groups.size <= MAX_GROUPS) return;
    const oldest = [...this.groups.values()].filter((g) => g.state === 'OK').sort((a, b) => a.since - b.since);
    for (const g of oldest.slice(0, this.groups.size - MAX_GROUPS)) {
      this.groups.delete(g.key);
      this.removed.add(g.key);
    }
  }

  load(groups: StoredGroup[]): void {
    for (const g of groups) this.groups.set(g.key, g.data as unknown as StormGroup);
  }

  drainDirty(): DirtyGroups {
    const groups = [...this.dirty].flatMap((k) => {
      const g = this.groups.get(k);
      return g ? [{ key: k, state: g.state, data: { ...g } }] : [];
    });
    const removed = [...this.removed];
    this.dirty.clear();
    this.removed.clear();
    return { groups, removed };
  }

  snoozeGroup(key: string, until: number | null): boolean {
    const g = this.groups.get(key);
    if (!g) return false;
    g.snoozedUntil = until;
    this.dirty.add(key);
    return true;
  }

  states() {
    return countStates([...this.groups.values()].map((g) => g.state));
  }

  views(ctx: EngineContext): GroupView[] {
    const now = ctx.now();
    return [...this.groups.values()]
      .map((g) => ({
        key: g.key,
        label: `${g.report.source}: ${g.report.title}`,
        state: g.state,
        since: g.since,
        lastSeen: g.report.endedAt ?? now,
        count: g.report.kept + g.report.dropped,
        value: g.state === 'ALERT' ? g.report.rate : g.report.peakRate,
        history: null,
        title: g.report.title,
        source: g.report.source,
        level: null,
        detail: `${g.report.client ? `${g.report.client.field} ${g.report.client.value}` : 'many clients'} · peak ${g.report.peakRate}/s · ${g.report.dropped} sampled out`,
        snoozedUntil: g.snoozedUntil,
        sample: null,
        exploreUrl: ctx.exploreUrl(explore(g.report, now), this.rule),
      }))
      .sort(byUrgency);
  }
}

/** The kept sample of one storm, with what each kept event stands for. */
export function stormExplore(report: { id: string; source: string; startedAt: number; endedAt: number | null }, now: number) {
  return {
    ql: `filter ${STORM_FIELD} = ${quote(report.id)}\n| fields @timestamp, ${'logline.represents'}, @logStream, @message\n| sort @timestamp desc\n| limit 1000`,
    start: report.startedAt - 60_000,
    end: Math.min(now, (report.endedAt ?? now) + 60_000),
    sources: [report.source],
  };
}
const explore = stormExplore;
