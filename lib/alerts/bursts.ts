// Fingerprint rules, the pure part: events of one fingerprint roll up into bursts. A fingerprint
// never seen, or seen again after a quiet period, starts a burst (one alert); while the burst
// lasts its count grows (follow-up updates); after `resolveAfter` without events it clears (one
// resolve message). The clock is passed in, so tests drive time.
import { GroupTable } from './group-table';
import type { AlertState } from './rules';

export type FieldScalar = string | number | boolean;

/** A stored event cut down to what a message shows. */
export interface SampleEvent {
  timestamp: number;
  source: string;
  stream: string;
  level: string;
  message: string;
  fields: Record<string, FieldScalar>;
}

/** Events of one fingerprint seen together (one ingest batch, or one poll of the store). */
export interface Observation {
  fingerprint: string;
  source: string;
  level: string;
  title: string;
  count: number;
  /** When they were seen: ingest time from the sinks, event time from a poll. */
  firstAt: number;
  lastAt: number;
  /** Their @timestamp range, for the Explore link. */
  minTs: number;
  maxTs: number;
  sample: SampleEvent | null;
}

export interface BurstGroup {
  key: string;
  state: Extract<AlertState, 'OK' | 'ALERT'>;
  title: string;
  source: string;
  level: string;
  lastSeen: number;
  /** The current burst (or the last one, once it cleared). */
  burstStart: number;
  count: number;
  minTs: number;
  maxTs: number;
  /** Events seen while OK since the last burst cleared (no alert: not quiet long enough). */
  sinceClear: number;
  cause: 'new' | 'regression';
  quietForMs: number | null;
  notifiedCount: number;
  notifiedAt: number;
  sample: SampleEvent | null;
  snoozedUntil: number | null;
}

export interface BurstPolicy {
  quietMs: number;
  resolveAfterMs: number;
  updateEveryMs: number;
}

export type BurstTransition =
  | { kind: 'alert'; group: BurstGroup }
  | { kind: 'update'; group: BurstGroup; added: number }
  | { kind: 'resolve'; group: BurstGroup };

export class BurstTracker {
  /** One group per fingerprint; the rule runtime lists, counts and snoozes them here. */
  readonly groups = new GroupTable<BurstGroup>();
  private readonly alerting = new Set<string>();

  constructor(
    private policy: BurstPolicy,
    private readonly maxGroups = 10_000,
  ) {}

  setPolicy(policy: BurstPolicy): void {
    this.policy = policy;
  }

  /** Restores a group from storage (no transition). */
  load(group: BurstGroup): void {
    this.groups.set(group);
    if (group.state === 'ALERT') this.alerting.add(group.key);
  }

  get(key: string): BurstGroup | undefined {
    return this.groups.get(key);
  }

  get size(): number {
    return this.groups.size;
  }

  /** Folds observed events into their group; returns the alert when they start a burst. */
  observe(obs: Observation): BurstTransition | null {
    const g = this.groups.get(obs.fingerprint);
    this.groups.touch(obs.fingerprint);
    if (!g) {
      const group = this.startBurst(obs, 'new', null);
      this.groups.set(group);
      this.evictIfFull();
      return { kind: 'alert', group };
    }
    if (g.state === 'ALERT') {
      g.count += obs.count;
      this.extend(g, obs);
      return null;
    }
    const quiet = obs.firstAt - g.lastSeen;
    if (quiet >= this.policy.quietMs) {
      Object.assign(g, this.startBurst(obs, 'regression', quiet), { snoozedUntil: g.snoozedUntil });
      this.alerting.add(g.key);
      return { kind: 'alert', group: g };
    }
    g.sinceClear += obs.count;
    this.extend(g, obs);
    return null;
  }

  /**
   * Resolves bursts that went quiet and proposes updates for those that grew. `mayUpdate` is
   * asked before each update (the rule's rate cap): an update not proposed now is proposed later.
   */
  due(now: number, mayUpdate: () => boolean): BurstTransition[] {
    const out: BurstTransition[] = [];
    for (const key of this.alerting) {
      const g = this.groups.get(key)!;
      if (now - g.lastSeen >= this.policy.resolveAfterMs) {
        g.state = 'OK';
        g.sinceClear = 0;
        this.alerting.delete(key);
        this.groups.touch(key);
        out.push({ kind: 'resolve', group: g });
      } else if (g.count > g.notifiedCount && now - g.notifiedAt >= this.policy.updateEveryMs && mayUpdate()) {
        out.push({ kind: 'update', group: g, added: g.count - g.notifiedCount });
      }
    }
    return out;
  }

  /** Records that a message about the group went out (or was suppressed by the cap) now. */
  notified(key: string, now: number): void {
    const g = this.groups.get(key);
    if (!g) return;
    g.notifiedCount = g.count;
    g.notifiedAt = now;
    this.groups.touch(key);
  }

  /** The groups changed since the last call. A group evicted for memory keeps its stored row. */
  drainDirty(): BurstGroup[] {
    return this.groups.drain().groups;
  }

  private startBurst(obs: Observation, cause: 'new' | 'regression', quietForMs: number | null): BurstGroup {
    this.alerting.add(obs.fingerprint);
    return {
      key: obs.fingerprint,
      state: 'ALERT',
      title: obs.title,
      source: obs.source,
      level: obs.level,
      lastSeen: obs.lastAt,
      burstStart: obs.firstAt,
      count: obs.count,
      minTs: obs.minTs,
      maxTs: obs.maxTs,
      sinceClear: 0,
      cause,
      quietForMs,
      notifiedCount: 0,
      notifiedAt: 0,
      sample: obs.sample,
      snoozedUntil: null,
    };
  }

  private extend(g: BurstGroup, obs: Observation): void {
    g.lastSeen = Math.max(g.lastSeen, obs.lastAt);
    g.minTs = Math.min(g.minTs, obs.minTs);
    g.maxTs = Math.max(g.maxTs, obs.maxTs);
  }

  /** Bounded memory: past the cap, forget the quiet groups seen longest ago (they alert as new if they return). */
  private evictIfFull(): void {
    if (this.groups.size > this.maxGroups * 1.1) this.groups.trimQuiet(this.maxGroups, (g) => g.lastSeen);
  }
}
