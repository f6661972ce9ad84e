import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LogEvent } from '@/lib/events';
import type { SessionUser } from '../auth/current-user';
import type { MetaDb } from '../meta/db';
import type { DuckDbBackend } from '../store/duckdb/backend';
import { closeAlertBench, openAlertBench, testEngine, testEvent, type AlertBench } from '../test-support/alert-engine';
import type { SlackReceiver } from '../test-support/slack-receiver';
import type { AlertEngine } from './engine';
import { createRule, updateRule, type RuleDeps } from './rules-service';

/**
 * A rule the engine cannot load, on a real DuckDB file: a saved group state that does not parse
 * (written by hand here, as a bad disk or an old bug could leave it). The clock is the test's.
 */
let backend: DuckDbBackend;
let meta: MetaDb;
let slack: SlackReceiver;
let admin: SessionUser;
let now = Date.now();
const SECOND = 1000;
let bench: AlertBench;
let e: AlertEngine;
let deps: RuleDeps;

function event(raw: Record<string, unknown>, at = now): LogEvent {
  return testEvent({ source: 'api', ...raw }, at);
}

beforeAll(async () => {
  bench = await openAlertBench();
  ({ backend, meta, slack, admin } = bench);
  ({ engine: e, deps } = testEngine(bench, { clock: () => now }));
});
afterAll(() => closeAlertBench(bench));

describe('a rule the engine fails to load', () => {
  it('is saved, says why on its page, keeps running its previous version, and loads once it can', async () => {
    const input = { kind: 'fingerprint', name: 'Checkout', webhookUrl: slack.url('/checkout'), filter: 'tag = "v1"' } as const;
    const rule = await createRule(deps, admin, input);
    await e.idle();
    expect((await e.view(rule)).lastError).toBeNull();
    await meta.run(`INSERT INTO meta.alert_groups (rule_id, group_key, state, data, updated_at) VALUES ($1, 'broken', 'OK', '{not json', 0)`, [rule.id]);

    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    let edited;
    try {
      edited = await updateRule(deps, admin, rule.id, { ...input, filter: 'tag = "v2"', webhookUrl: undefined });
    } finally {
      errors.mockRestore();
    }
    const view = await e.view(edited);
    expect(view).toMatchObject({ kind: 'fingerprint', filter: 'tag = "v2"' });
    expect(view.lastError).toMatch(/^the alert engine could not load this version of the rule \(.*JSON.*\); it tries again every 30 s; meanwhile its previous version keeps running$/);
    e.sink([event({ tag: 'v1', level: 'error', message: 'still caught by v1' }), event({ tag: 'v2', level: 'error', message: 'only v2 catches this' })]);
    await e.idle();
    expect(slack.messages.map((m) => m.message.text.replace(/ \(\d.*/, ''))).toEqual(['New error in api: still caught by v1']);

    // Repaired: the next retry loads the new version.
    await meta.run(`DELETE FROM meta.alert_groups WHERE rule_id = $1 AND group_key = 'broken'`, [rule.id]);
    now += 30 * SECOND;
    e.tick();
    await e.idle();
    expect((await e.view(edited)).lastError).toBeNull();
    e.sink([event({ tag: 'v2', level: 'error', message: 'only v2 catches this' })]);
    await e.idle();
    expect(slack.messages.map((m) => m.message.text.replace(/ \(\d.*/, ''))).toEqual(['New error in api: still caught by v1', 'New error in api: only v2 catches this']);
  });
});
