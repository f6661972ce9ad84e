import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogEvent } from '@/lib/events';
import type { SessionUser } from '../auth/current-user';
import type { MetaDb } from '../meta/db';
import { createSavedQuery } from '../meta/saved-queries';
import type { DuckDbBackend } from '../store/duckdb/backend';
import { closeAlertBench, openAlertBench, testEngine, testEvent, type AlertBench } from '../test-support/alert-engine';
import type { SlackReceiver } from '../test-support/slack-receiver';
import type { AlertEngine } from './engine';
import { createRule, type RuleDeps } from './rules-service';
import type { AlertRule } from './types';

/**
 * The engine in process, on a real DuckDB file and a real loopback receiver, with its clock in
 * the test's hands: what takes minutes in real time (the rate cap's minute, threshold windows,
 * polling) takes milliseconds here.
 */
let backend: DuckDbBackend;
let meta: MetaDb;
let slack: SlackReceiver;
let admin: SessionUser;
let now = Date.now();
let bench: AlertBench;
const SECOND = 1000;

function engine(feed: 'sinks' | 'poll' = 'sinks'): { engine: AlertEngine; deps: RuleDeps } {
  return testEngine(bench, { clock: () => now, feed, allowedHosts: ['hooks.slack.com'] });
}

function event(raw: Record<string, unknown>, at = now): LogEvent {
  return testEvent(raw, at);
}

async function delivered(n: number, what: string) {
  return slack.waitFor((m) => m.length >= n, 10_000, what);
}

beforeAll(async () => {
  bench = await openAlertBench();
  ({ backend, meta, slack, admin } = bench);
});
afterAll(() => closeAlertBench(bench));

describe('the rate cap', () => {
  it('sends at most the cap per minute and then one "N more suppressed" summary', async () => {
    slack.messages.length = 0;
    const { engine: e, deps } = engine();
    await createRule(deps, admin, { kind: 'fingerprint', name: 'Everything failing', webhookUrl: slack.url('/cap'), filter: 'tag = "cap"', maxMessagesPerMinute: 3 });
    e.sink(Array.from({ length: 20 }, (_, i) => event({ tag: 'cap', level: 'error', message: `failure kind ${String.fromCharCode(97 + i)}` })));
    await e.idle();
    await delivered(3, 'three alerts');
    expect(slack.messages.map((m) => m.message.text.slice(0, 30))).toEqual(Array(3).fill('New error in api: failure kind'));
    e.tick();
    await e.idle();
    expect(slack.messages).toHaveLength(3);
    now += 61 * SECOND;
    e.tick();
    await e.idle();
    expect(slack.messages).toHaveLength(4);
    expect(slack.messages[3].message.text).toBe('17 more messages suppressed for Everything failing');
    expect(JSON.stringify(slack.messages[3].message)).toContain('17 new alerts');
  });
});

describe('threshold rules', () => {
  let rule: AlertRule;
  let e: AlertEngine;
  const errors = (route: string, n: number) => Array.from({ length: n }, (_, i) => event({ tag: 'thr', level: 'error', route, message: `boom ${i}` }, now - 10 * SECOND));

  it('fire after n of the last m windows, per group, and resolve when the condition clears', async () => {
    slack.messages.length = 0;
    const made = engine();
    e = made.engine;
    const saved = await createSavedQuery(meta, admin, { name: 'Errors by route', ql: 'filter tag = "thr" and level = "error" | stats count(*) as errors by route', visibility: 'team' });
    rule = await createRule(made.deps, admin, { kind: 'threshold', name: 'Route errors', webhookUrl: slack.url('/thr'), savedQueryId: saved.id, measure: 'count', column: 'errors', comparator: 'above', threshold: 5, windowSeconds: 60, n: 2, m: 3 });

    await backend.append([...errors('/a', 10), ...errors('/b', 2)]);
    // The first window ends now; each later one starts where the last ended.
    const window = async () => {
      e.tick();
      await e.idle();
    };
    await window();
    expect(e.groups(rule.id).map((g) => [g.key, g.state, g.value])).toEqual([['route=/a', 'OK', 10], ['route=/b', 'OK', 2]]);

    now += 60 * SECOND;
    await backend.append(errors('/a', 8));
    await window();
    const a = e.groups(rule.id).find((g) => g.key === 'route=/a')!;
    expect(a).toMatchObject({ state: 'ALERT', value: 8, history: [true, true] });
    expect(slack.messages.map((m) => m.message.text)).toEqual(['Errors by route (route=/a): count of errors 8 is above 5']);

    now += 60 * SECOND;
    await window();
    expect(e.groups(rule.id).find((g) => g.key === 'route=/a')).toMatchObject({ state: 'ALERT', history: [true, true, null] });
    now += 60 * SECOND;
    await window();
    expect(e.groups(rule.id).find((g) => g.key === 'route=/a')).toMatchObject({ state: 'OK', history: [true, null, null] });
    expect(slack.messages.map((m) => m.message.text)[1]).toBe('Resolved: Errors by route (route=/a)');
    now += 60 * SECOND;
    await window();
    expect(e.groups(rule.id).map((g) => g.state)).toEqual(['NO_DATA', 'NO_DATA']);
  });

  it('say what is wrong when the saved query cannot be read as the rule asks', async () => {
    const saved = await createSavedQuery(meta, admin, { name: 'Plain errors', ql: 'filter level = "error"', visibility: 'team' });
    const deps = engine().deps;
    await expect(createRule(deps, admin, { kind: 'threshold', name: 'Bad avg', webhookUrl: slack.url(), savedQueryId: saved.id, measure: 'avg', comparator: 'above', threshold: 1 })).rejects.toThrow(/avg needs a stats query/);
    const mine = await createSavedQuery(meta, admin, { name: 'Private one', ql: 'stats count(*) by route' });
    await expect(createRule(deps, admin, { kind: 'threshold', name: 'Private', webhookUrl: slack.url(), savedQueryId: mine.id, measure: 'count', comparator: 'above', threshold: 1 })).rejects.toThrow(/share it with the team first/);
    await expect(createRule(deps, admin, { kind: 'threshold', name: 'N > M', webhookUrl: slack.url(), savedQueryId: saved.id, measure: 'count', comparator: 'above', threshold: 1, n: 3, m: 2 })).rejects.toThrow(/cannot exceed m/);
    await expect(createRule(deps, admin, { kind: 'fingerprint', name: 'Bad filter', webhookUrl: slack.url(), filter: 'level = ' })).rejects.toThrow(/filter:/);
  });
});

describe('the poll feed (AWS mode: the pipeline runs in Lambda)', () => {
  it('finds new fingerprints by querying the store, and knows the ones that existed before the rule', async () => {
    slack.messages.length = 0;
    await backend.append([event({ tag: 'poll', level: 'error', message: 'known failure 1' }, now - 3600 * SECOND)]);
    const { engine: e, deps } = engine('poll');
    await createRule(deps, admin, { kind: 'fingerprint', name: 'Polled', webhookUrl: slack.url('/poll'), filter: 'tag = "poll"', quietSeconds: 86_400 });
    // The rule reads the fingerprints it knows in the background.
    await e.idle();
    await e.poll();
    now += 10 * SECOND;
    // Sampled storm events count for what they represent.
    await backend.append([
      event({ tag: 'poll', level: 'error', message: 'known failure 2' }, now - 5 * SECOND),
      event({ tag: 'poll', level: 'error', message: 'brand new failure', 'logline.represents': 250 }, now - 4 * SECOND),
      event({ tag: 'poll', level: 'error', message: 'brand new failure' }, now - 3 * SECOND),
    ]);
    await e.poll();
    await e.idle();
    expect(slack.messages.map((m) => m.message.text.replace(/ since .*/, ''))).toEqual(['New error in api: brand new failure (251']);
    expect(e.status()).toMatchObject({ feed: 'poll', lastPollError: null });
  });
});

describe('storm rules', () => {
  it('send one storm message, updates no more often than the interval, and an ended message', async () => {
    slack.messages.length = 0;
    const { engine: e, deps } = engine();
    await createRule(deps, admin, { kind: 'storm', name: 'Storms', webhookUrl: slack.url('/storm'), sources: ['web'], updateEverySeconds: 60 });
    const report = { id: 's1', source: 'web', fingerprint: 'f', title: 'Maximum update depth exceeded', level: 'warn', client: { field: 'session.id', value: 's-9', share: 1 }, peakRate: 20_000, rate: 20_000, sampleEvery: 2000, kept: 10, dropped: 19_990, startedAt: now, endedAt: null };
    e.onStorm({ ...report, phase: 'started' });
    e.onStorm({ ...report, id: 's2', source: 'api', phase: 'started' });
    now += 2 * SECOND;
    e.onStorm({ ...report, phase: 'update', kept: 30 });
    now += 60 * SECOND;
    e.onStorm({ ...report, phase: 'update', kept: 50 });
    e.onStorm({ ...report, phase: 'ended', endedAt: now, rate: 0 });
    await e.idle();
    expect(slack.messages.map((m) => m.message.text)).toEqual([
      'Log storm in web: Maximum update depth exceeded (session.id s-9 (100 % of it))',
      'Log storm continues in web: Maximum update depth exceeded (session.id s-9 (100 % of it))',
      'Log storm ended in web: Maximum update depth exceeded (session.id s-9 (100 % of it))',
    ]);
  });
});
