import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LogEvent } from '@/lib/events';
import type { SessionUser } from '../auth/current-user';
import type { MetaDb } from '../meta/db';
import type { LogBackend } from '../store/backend';
import type { DuckDbBackend } from '../store/duckdb/backend';
import { closeAlertBench, openAlertBench, resetAlertBench, testEngine, testEvent, type AlertBench } from '../test-support/alert-engine';
import type { SlackReceiver } from '../test-support/slack-receiver';
import type { AlertEngine } from './engine';
import { createRule, updateRule, type RuleDeps } from './rules-service';

/**
 * The poll feed (AWS mode: the pipeline runs in Lambda and the console reads the store) on a
 * real DuckDB file, with the clock in the test's hands. Where a test needs one rule's store
 * queries to fail (as Logs Insights can for one log group), the store is wrapped; every other
 * query still runs on the real DuckDB backend.
 */
let backend: DuckDbBackend;
let meta: MetaDb;
let slack: SlackReceiver;
let admin: SessionUser;
let now = Date.now();
let bench: AlertBench;
const SECOND = 1000;
type Store = Pick<LogBackend, 'query'>;

function engine(store: Store = backend, pollLagSeconds = 0): { engine: AlertEngine; deps: RuleDeps } {
  return testEngine(bench, { clock: () => now, store, feed: 'poll', pollLagSeconds });
}

/** An event with its @timestamp and the time the store received it (@ingestionTime). */
function event(raw: Record<string, unknown>, at = now, receivedAt = at): LogEvent {
  return testEvent(raw, at, receivedAt);
}

const texts = () => slack.messages.map((m) => m.message.text.replace(/ since .*/, ''));

beforeAll(async () => {
  bench = await openAlertBench();
  ({ backend, meta, slack, admin } = bench);
});
afterEach(() => resetAlertBench(bench));
afterAll(() => closeAlertBench(bench));

describe('polling the store', () => {
  it('two polls at once read the events once', async () => {
    const { engine: e, deps } = engine();
    const rule = await createRule(deps, admin, { kind: 'fingerprint', name: 'Overlap', webhookUrl: slack.url('/overlap'), filter: 'tag = "overlap"' });
    await e.idle();
    now += 10 * SECOND;
    await backend.append([1, 2, 3].map((i) => event({ tag: 'overlap', level: 'error', message: 'overlapping failure' }, now - i * SECOND)));
    await Promise.all([e.poll(), e.poll()]);
    await e.idle();
    expect(e.groups(rule.id).map((g) => [g.title, g.count])).toEqual([['overlapping failure', 3]]);
  });

  it('a rule whose poll fails does not keep the others from polling, and says why', async () => {
    let failFlaky = false;
    const store: Store = {
      query: async (...args) => {
        if (failFlaky && args[2]?.includes('flaky')) throw new Error('AccessDeniedException: not authorized on /logline/flaky');
        return backend.query(...args);
      },
    };
    const { engine: e, deps } = engine(store);
    // Rules poll in name order: the failing one first.
    const flaky = await createRule(deps, admin, { kind: 'fingerprint', name: 'A flaky', webhookUrl: slack.url('/flaky'), sources: ['flaky'], filter: 'level = "error"' });
    const steady = await createRule(deps, admin, { kind: 'fingerprint', name: 'B steady', webhookUrl: slack.url('/steady'), sources: ['steady'], filter: 'level = "error"' });
    await e.idle();
    failFlaky = true;
    now += 10 * SECOND;
    await backend.append([event({ source: 'flaky', level: 'error', message: 'flaky failure' }, now - 2 * SECOND), event({ source: 'steady', level: 'error', message: 'steady failure' }, now - 2 * SECOND)]);
    await e.poll();
    await e.idle();
    expect(texts()).toEqual(['New error in steady: steady failure (1']);
    expect(e.status().lastPollError).toBe('A flaky: AccessDeniedException: not authorized on /logline/flaky');
    expect((await e.view(flaky)).lastError).toMatch(/the last poll of the store failed \(AccessDeniedException.*\); the next poll reads the same events again/);
    expect((await e.view(steady)).lastError).toBeNull();

    // It recovers, and reads what it missed.
    failFlaky = false;
    now += 10 * SECOND;
    await e.poll();
    await e.idle();
    expect(texts()).toContain('New error in flaky: flaky failure (1');
    expect(e.status().lastPollError).toBeNull();
    expect((await e.view(flaky)).lastError).toBeNull();
  });

  it('an event that reaches the store late, with an older @timestamp, is read once', async () => {
    const { engine: e, deps } = engine();
    const rule = await createRule(deps, admin, { kind: 'fingerprint', name: 'Late', webhookUrl: slack.url('/late'), filter: 'tag = "late"' });
    await e.idle();
    now += 10 * SECOND;
    await e.poll();
    now += 10 * SECOND;
    // Stamped 5 minutes ago by its client, received 2 s ago (a retried batch, a queue backlog).
    const stamped = now - 300 * SECOND;
    await backend.append([event({ tag: 'late', level: 'error', message: 'late failure' }, stamped, now - 2 * SECOND)]);
    await e.poll();
    await e.idle();
    expect(texts()).toEqual(['New error in api: late failure (1']);
    now += 10 * SECOND;
    await e.poll();
    await e.idle();
    expect(e.groups(rule.id).map((g) => g.count)).toEqual([1]);
    const [group] = e.groups(rule.id);
    // The Explore link covers the event's own time.
    expect(new URL(group.exploreUrl ?? '').searchParams.get('start')).toBe(new Date(stamped - 60 * SECOND).toISOString());
  });

  it('an edited rule polls on from where it was, not from the time of the edit', async () => {
    const { engine: e, deps } = engine();
    const input = { kind: 'fingerprint', name: 'Cursor', webhookUrl: slack.url('/cursor'), filter: 'tag = "cursor"' } as const;
    const rule = await createRule(deps, admin, input);
    await e.idle();
    now += 10 * SECOND;
    await e.poll();
    // An error arrives, then the rule is edited before the next poll, which comes late.
    now += 5 * SECOND;
    await backend.append([event({ tag: 'cursor', level: 'error', message: 'failure before the edit' })]);
    now += SECOND;
    await updateRule(deps, admin, rule.id, { ...input, name: 'Cursor (edited)', webhookUrl: undefined });
    await e.idle();
    now += 19 * SECOND;
    await e.poll();
    await e.idle();
    expect(texts()).toEqual(['New error in api: failure before the edit (1']);
  });
});
