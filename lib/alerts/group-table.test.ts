import { describe, expect, it } from 'vitest';
import { GroupTable, type TrackedGroup } from './group-table';

type G = TrackedGroup & { at: number };
const group = (key: string, state: G['state'], at: number): G => ({ key, state, at, snoozedUntil: null });

describe('the groups of one rule', () => {
  it('hands changed groups and removed keys to persistence once', () => {
    const t = new GroupTable<G>();
    t.set(group('a', 'ALERT', 0));
    t.set(group('b', 'OK', 0));
    t.touch('a');
    t.touch('b');
    t.remove('b');
    expect(t.drain()).toEqual({ groups: [group('a', 'ALERT', 0)], removed: ['b'] });
    expect(t.drain()).toEqual({ groups: [], removed: [] });
  });

  it('restored groups are not saved again until they change', () => {
    const t = new GroupTable<G>();
    t.set(group('a', 'OK', 0));
    expect(t.drain().groups).toEqual([]);
    expect(t.snooze('a', 99)).toBe(true);
    expect(t.snooze('missing', 99)).toBe(false);
    expect(t.drain().groups).toEqual([{ ...group('a', 'OK', 0), snoozedUntil: 99 }]);
  });

  it('past its cap drops the oldest quiet groups, never alerting ones, and counts states', () => {
    const t = new GroupTable<G>();
    t.set(group('alerting', 'ALERT', 0));
    for (let i = 1; i <= 4; i++) t.set(group(`q${i}`, 'OK', i));
    t.trimQuiet(3, (g) => g.at);
    expect([...t.keys()]).toEqual(['alerting', 'q3', 'q4']);
    expect(t.drain().removed).toEqual(['q1', 'q2']);
    expect(t.states()).toEqual({ OK: 2, ALERT: 1, NO_DATA: 0 });
  });
});

describe('after a failed save', () => {
  it('offers the drained changes again with the next drain', () => {
    const t = new GroupTable<G>();
    t.set(group('a', 'ALERT', 1));
    t.touch('a');
    t.set(group('b', 'OK', 2));
    t.remove('b');
    const first = t.drain();
    expect(first.groups.map((g) => g.key)).toEqual(['a']);
    expect(first.removed).toEqual(['b']);
    expect(t.drain()).toEqual({ groups: [], removed: [] });
    t.requeue(first.groups.map((g) => g.key), first.removed);
    const again = t.drain();
    expect(again.groups.map((g) => g.key)).toEqual(['a']);
    expect(again.removed).toEqual(['b']);
  });
});
