// Storm rules at run time: the storm guard reports each storm as it starts, while it lasts and
// when it ends; a rule turns that into one storm message, updates at most every update interval,
// and an "ended" message with the final counts.
import { GroupTable } from '@/lib/alerts/group-table';
import { stormMessage } from '@/lib/alerts/slack-blocks';
import type { StormReport } from '@/lib/alerts/storm';
import { quote } from '@/lib/query';
import { REPRESENTS_FIELD, STORM_FIELD } from '../ingest/storm-rate';
import { RuleRuntime, type EngineContext } from './runtime';
import type { AlertRule, GroupView } from './types';

type StormRule = AlertRule & { kind: 'storm' };

interface StormGroup {
  key: string;
  state: 'OK' | 'ALERT';
  since: number;
  report: StormReport;
  notifiedAt: number;
  snoozedUntil: number | null;
}

const MAX_GROUPS = 200;

export class StormRuntime extends RuleRuntime<StormGroup> {
  declare rule: StormRule;
  protected readonly groups = new GroupTable<StormGroup>();

  matches(report: StormReport): boolean {
    return this.rule.sources.length === 0 || this.rule.sources.includes(report.source);
  }

  onStorm(report: StormReport, ctx: EngineContext): void {
    const now = ctx.now();
    let g = this.groups.get(report.id);
    if (!g) {
      if (report.phase !== 'started') return;
      g = { key: report.id, state: 'ALERT', since: report.startedAt, report, notifiedAt: 0, snoozedUntil: null };
      this.groups.set(g);
      this.groups.trimQuiet(MAX_GROUPS, (old) => old.since);
    }
    g.report = report;
    this.groups.touch(g.key);
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

  protected view(g: StormGroup, now: number, ctx: EngineContext): GroupView {
    return {
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
    };
  }
}

/** The kept sample of one storm, with what each kept event stands for. */
export function stormExplore(report: { id: string; source: string; startedAt: number; endedAt: number | null }, now: number) {
  return {
    ql: `filter ${STORM_FIELD} = ${quote(report.id)}\n| fields @timestamp, ${REPRESENTS_FIELD}, @logStream, @message\n| sort @timestamp desc\n| limit 1000`,
    start: report.startedAt - 60_000,
    end: Math.min(now, (report.endedAt ?? now) + 60_000),
    sources: [report.source],
  };
}
const explore = stormExplore;
