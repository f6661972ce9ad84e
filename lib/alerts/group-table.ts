// The groups one alert rule tracks (fingerprints, `by` values, storms), keyed, with what changed
// since the last save (write-behind persistence) and what was dropped. Every rule kind keeps its
// groups here; what a group holds and when it changes state is the rule kind's business.
import type { AlertState } from './rules';

/** What every rule kind's group carries. */
export interface TrackedGroup {
  key: string;
  state: AlertState;
  snoozedUntil: number | null;
}

/** Groups changed since the last `drain`, and the keys dropped since then. */
export interface GroupChanges<G> {
  groups: G[];
  removed: string[];
}

export class GroupTable<G extends TrackedGroup> {
  private readonly groups = new Map<string, G>();
  private readonly dirty = new Set<string>();
  private readonly removed = new Set<string>();

  get size(): number {
    return this.groups.size;
  }

  get(key: string): G | undefined {
    return this.groups.get(key);
  }

  keys(): IterableIterator<string> {
    return this.groups.keys();
  }

  values(): IterableIterator<G> {
    return this.groups.values();
  }

  /** Adds or replaces a group (restored from storage, or new: `touch` it to save it). */
  set(group: G): void {
    this.groups.set(group.key, group);
  }

  /** Marks a group changed, so the next `drain` hands it to persistence. */
  touch(key: string): void {
    this.dirty.add(key);
  }

  /** Drops a group; the next `drain` reports its key as removed. */
  remove(key: string): void {
    this.groups.delete(key);
    this.dirty.delete(key);
    this.removed.add(key);
  }

  /** Hands changes back after a failed save, so the next `drain` offers them again. */
  requeue(changed: readonly string[], removed: readonly string[]): void {
    for (const key of changed) if (this.groups.has(key)) this.dirty.add(key);
    for (const key of removed) if (!this.groups.has(key)) this.removed.add(key);
  }

  /** Bounded memory: past `keep` groups, drops the quiet (OK) ones that are oldest by `age`. */
  trimQuiet(keep: number, age: (group: G) => number): void {
    if (this.groups.size <= keep) return;
    const quiet = [...this.groups.values()].filter((g) => g.state === 'OK').sort((a, b) => age(a) - age(b));
    for (const g of quiet.slice(0, this.groups.size - keep)) this.remove(g.key);
  }

  snooze(key: string, until: number | null): boolean {
    const g = this.groups.get(key);
    if (!g) return false;
    g.snoozedUntil = until;
    this.dirty.add(key);
    return true;
  }

  states(): Record<AlertState, number> {
    const out: Record<AlertState, number> = { OK: 0, ALERT: 0, NO_DATA: 0 };
    for (const g of this.groups.values()) out[g.state]++;
    return out;
  }

  /** The groups changed and the keys removed since the last call, once. */
  drain(): GroupChanges<G> {
    const groups = [...this.dirty].flatMap((k) => {
      const g = this.groups.get(k);
      return g ? [g] : [];
    });
    const removed = [...this.removed];
    this.dirty.clear();
    this.removed.clear();
    return { groups, removed };
  }
}
