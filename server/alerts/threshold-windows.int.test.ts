import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LogEvent } from '@/lib/events';
import type { SessionUser } from '../auth/current-user';
import type { MetaDb } from '../meta/db';
import { createSavedQuery } from '../meta/saved-queries';
import type { DuckDbBackend } from '../store/duckdb/backend';
import { closeAlertBench, openAlertBench, resetAlertBench, testEngine, testEvent, type AlertBench } from '../test-support/alert-engine';
import type { SlackReceiver } from '../test-support/slack-receiver';
import type { AlertEngine } from './engine';
import { createRule, updateRule, type RuleDeps } from './rules-service';
import type { AlertRule } from './types';

/**
 * Which events each threshold window counts, on a real DuckDB file; the clock is the test's and
 * the engine's tick is called by hand, exactly when the test says a second has passed.
 */
let backend: DuckDbBackend;
let meta: MetaDb;
let slack: SlackReceiver;
let admin: SessionUser;
let savedQueryId = '';
let now = Date.parse('2026-03-02T10:00:00.000Z');
let bench: AlertBench;
const SECOND = 1000;

function engine(feed: 'sinks' | 'poll' = 'sinks'): { engine: AlertEngine; deps: RuleDeps } {
  return testEngine(bench, { clock: () => now, feed, pollLagSeconds: 30 });
}

function event(tag: string, at: number): LogEvent {
  return testEvent({ tag, message: `${tag} event` }, at);
}

/** "Any event of the tag in the window" (count above 0), firing after n of the last m. */
async function rule(deps: RuleDeps, tag: string, n = 1, m = 5): Promise<AlertRule> {
  const saved = await createSavedQuery(meta, admin, { name: `Events ${tag}`, ql: `filter tag = "${tag}" | stats count(*) as events`, visibility: 'team' });
  savedQueryId = saved.id;
  return createRule(deps, admin, { kind: 'threshold', name: `Any ${tag}`, webhookUrl: slack.url(`/${tag}`), savedQueryId, measure: 'count', comparator: 'above', threshold: 0, windowSeconds: 60, n, m });
}

async function tickAt(e: AlertEngine, at: number): Promise<void> {
  now = at;
  e.tick();
  await e.idle();
}

const history = (e: AlertEngine, r: AlertRule) => e.groups(r.id).find((g) => g.key === '*')?.history ?? [];

beforeAll(async () => {
  bench = await openAlertBench();
  ({ backend, meta, slack, admin } = bench);
});
afterEach(() => resetAlertBench(bench));
afterAll(() => closeAlertBench(bench));

describe('threshold windows', () => {
  it('follow each other without a gap or a shared millisecond, however late the tick', async () => {
    const t0 = now;
    const { engine: e, deps } = engine();
    const r = await rule(deps, 'contiguous');
    // One event on the first window's last millisecond, one just after the second window.
    await backend.append([event('contiguous', t0), event('contiguous', t0 + 60_500)]);
    await tickAt(e, t0);
    // On time: the second window is (t0, t0 + 60 s]; the event at t0 is not counted again.
    await tickAt(e, t0 + 60 * SECOND);
    // A second late: the third window still starts right after the second.
    await tickAt(e, t0 + 121 * SECOND);
    expect(history(e, r)).toEqual([true, false, true]);
    // Not due until the fourth window has passed.
    await tickAt(e, t0 + 150 * SECOND);
    expect(history(e, r)).toHaveLength(3);
    await tickAt(e, t0 + 180 * SECOND);
    expect(history(e, r)).toEqual([true, false, true, false]);
  });

  it('go on where they were after an edit that keeps the query and measure', async () => {
    const t0 = now + 1800 * SECOND;
    const { engine: e, deps } = engine();
    const r = await rule(deps, 'edited');
    await backend.append([event('edited', t0)]);
    await tickAt(e, t0);
    now = t0 + 10 * SECOND;
    await updateRule(deps, admin, r.id, { kind: 'threshold', name: 'Any edited (renamed)', savedQueryId, measure: 'count', comparator: 'above', threshold: 0, windowSeconds: 60, n: 1, m: 5 });
    await tickAt(e, t0 + 30 * SECOND);
    expect(history(e, r)).toEqual([true]);
    await tickAt(e, t0 + 60 * SECOND);
    expect(history(e, r)).toEqual([true, false]);
  });

  it('end the poll lag behind now in poll mode, where the store fills in late', async () => {
    const t0 = now + 3600 * SECOND;
    const { engine: e, deps } = engine('poll');
    const r = await rule(deps, 'lagged');
    // 10 s old when the first window runs: newer than the 30 s lag, so it belongs to the next.
    await backend.append([event('lagged', t0 - 10 * SECOND)]);
    await tickAt(e, t0);
    await tickAt(e, t0 + 60 * SECOND);
    expect(history(e, r)).toEqual([false, true]);
  });

  it('"evaluate now" shows the current value but does not count as a window', async () => {
    const t0 = now + 7200 * SECOND;
    const { engine: e, deps } = engine();
    const r = await rule(deps, 'manual', 2, 3);
    await backend.append([event('manual', t0 - 5 * SECOND)]);
    now = t0;
    await e.evaluate(r.id);
    expect(e.groups(r.id)).toMatchObject([{ key: '*', value: 1, history: [], state: 'OK' }]);
    await tickAt(e, t0);
    expect(history(e, r)).toEqual([true]);
    await backend.append([event('manual', t0 + 5 * SECOND), event('manual', t0 + 6 * SECOND)]);
    now = t0 + 10 * SECOND;
    await e.evaluate(r.id);
    await e.idle();
    // 2 of 3 would fire if it counted.
    expect(e.groups(r.id)).toMatchObject([{ key: '*', value: 3, history: [true], state: 'OK' }]);
    expect(slack.messages).toEqual([]);
  });
});
