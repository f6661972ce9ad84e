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
 * How a fingerprint rule learns the fingerprints of the last 30 days (its seed) before it calls
 * anything new: in the background, retried when it fails, not again after an edit that keeps the
 * filter. A real DuckDB file and a loopback receiver; the clock is the test's. The store is
 * wrapped only to hold a query back or to fail one the way a throttled Logs Insights would (the
 * wrapper still runs every query on the real DuckDB backend).
 */
let backend: DuckDbBackend;
let meta: MetaDb;
let slack: SlackReceiver;
let admin: SessionUser;
let now = Date.now();
let bench: AlertBench;
const SECOND = 1000;
type Store = Pick<LogBackend, 'query'>;

function engine(store: Store): { engine: AlertEngine; deps: RuleDeps } {
  return testEngine(bench, { clock: () => now, store });
}

/** The real store, counting queries, optionally failing or holding the next ones. */
function wrapped() {
  const w = {
    queries: 0,
    failNext: 0,
    gate: null as Promise<void> | null,
    store: {
      query: async (...args: Parameters<Store['query']>) => {
        w.queries++;
        if (w.failNext > 0) {
          w.failNext--;
          throw new Error('ThrottlingException: Rate exceeded');
        }
        if (w.gate) await w.gate;
        return backend.query(...args);
      },
    } satisfies Store,
  };
  return w;
}

function event(raw: Record<string, unknown>, at = now): LogEvent {
  return testEvent(raw, at);
}

const texts = () => slack.messages.map((m) => m.message.text.replace(/ \(\d.*/, ''));

beforeAll(async () => {
  bench = await openAlertBench();
  ({ backend, meta, slack, admin } = bench);
});
afterEach(() => resetAlertBench(bench));
afterAll(() => closeAlertBench(bench));

describe('seeding a fingerprint rule', () => {
  it('start() returns before the seed is read; events that arrive meanwhile wait for it', async () => {
    slack.messages.length = 0;
    await backend.append([event({ tag: 'start', level: 'error', message: 'known failure 1' }, now - 3600 * SECOND)]);
    // Saved while no engine runs (as before a restart).
    await createRule({ meta, policy: { allowedHosts: [], allowLoopbackHttp: true }, reload: async () => undefined }, admin, { kind: 'fingerprint', name: 'Start', webhookUrl: slack.url('/start'), filter: 'tag = "start"' });
    const w = wrapped();
    let release = () => undefined as void;
    w.gate = new Promise((r) => (release = r));
    const { engine: e } = engine(w.store);
    const started = await Promise.race([e.start().then(() => 'started'), new Promise((r) => setTimeout(() => r('still waiting for the seed'), 3000))]);
    expect(started).toBe('started');
    expect(w.queries).toBe(1);

    e.sink([event({ tag: 'start', level: 'error', message: 'known failure 2' }), event({ tag: 'start', level: 'error', message: 'brand new failure' })]);
    release();
    await e.idle();
    expect(texts()).toEqual(['New error in api: brand new failure']);
    await e.stop();
  });

  it('retries a failed seed with backoff, says so apart from a broken filter, and then evaluates', async () => {
    slack.messages.length = 0;
    await backend.append([event({ tag: 'retry', level: 'error', message: 'old failure 1' }, now - 3600 * SECOND)]);
    const w = wrapped();
    w.failNext = 2;
    const { engine: e, deps } = engine(w.store);
    const rule = await createRule(deps, admin, { kind: 'fingerprint', name: 'Retry', webhookUrl: slack.url('/retry'), filter: 'tag = "retry"' });
    await e.idle();
    expect(w.queries).toBe(1);
    const first = (await e.view(rule)).lastError;
    expect(first).toMatch(/could not read the fingerprints of the last 30 days yet \(attempt 1: ThrottlingException: Rate exceeded\); retrying in 5 s/);
    expect(first).not.toMatch(/does not compile/);

    e.sink([event({ tag: 'retry', level: 'error', message: 'old failure 2' }), event({ tag: 'retry', level: 'error', message: 'fresh failure' })]);
    await e.idle();
    e.tick();
    await e.idle();
    expect(w.queries).toBe(1);
    expect(slack.messages).toEqual([]);

    now += 5 * SECOND;
    e.tick();
    await e.idle();
    expect(w.queries).toBe(2);
    expect((await e.view(rule)).lastError).toMatch(/attempt 2: .*retrying in 10 s/);
    now += 9 * SECOND;
    e.tick();
    await e.idle();
    expect(w.queries).toBe(2);
    now += 1 * SECOND;
    e.tick();
    await e.idle();
    expect(w.queries).toBe(3);
    expect((await e.view(rule)).lastError).toBeNull();
    // The events held while it retried are judged against what was known: one new fingerprint.
    expect(texts()).toEqual(['New error in api: fresh failure']);
  });

  it('an edit that keeps the filter and sources does not read the seed again; one that changes the filter does', async () => {
    slack.messages.length = 0;
    await backend.append([event({ tag: 'edit', level: 'error', message: 'edited failure 1' }, now - 3600 * SECOND)]);
    const w = wrapped();
    const { engine: e, deps } = engine(w.store);
    const input = { kind: 'fingerprint', name: 'Edit', webhookUrl: slack.url('/edit'), filter: 'tag = "edit"', quietSeconds: 86_400 } as const;
    const rule = await createRule(deps, admin, input);
    await e.idle();
    const seeds = w.queries;
    expect(seeds).toBe(1);

    now += SECOND;
    await updateRule(deps, admin, rule.id, { ...input, name: 'Edit renamed', quietSeconds: 7200, webhookUrl: undefined });
    await e.idle();
    expect(w.queries).toBe(seeds);
    // What the seed taught the rule survived the edit: a known fingerprint is not new.
    e.sink([event({ tag: 'edit', level: 'error', message: 'edited failure 2' })]);
    await e.idle();
    expect(slack.messages).toEqual([]);

    now += SECOND;
    await updateRule(deps, admin, rule.id, { ...input, filter: 'tag = "edit" and level = "error"', webhookUrl: undefined });
    await e.idle();
    expect(w.queries).toBe(seeds + 1);
  });
});
