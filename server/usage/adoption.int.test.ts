import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdoptionReport } from './adoption';
import { signIn } from '../test-support/sign-in';
import { startServer, TEST_ADMIN, TEST_INGEST_KEY, type RunningServer } from '../test-support/spawn-server';

/**
 * Feature adoption through the same API the /usage page calls, on a real server and DuckDB file,
 * with events of known counts per week. The team zone is America/Bogota (UTC−5 all year, so the
 * expected week edges are plain arithmetic here, independent of the code under test): its weeks
 * start Monday 05:00 UTC, and an event on Sunday 23:30 local is already Monday in UTC.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const OFFSET = 5 * HOUR;

const now = Date.now();
const localDay = Math.floor((now - OFFSET) / DAY);
const currentWeek = (localDay - ((localDay + 3) % 7)) * DAY + OFFSET; // Monday 00:00 in Bogota
const week = (k: number) => currentWeek + k * 7 * DAY; // k = -1: the latest complete week

type Use = { feature: string; user: string; at: number };
const uses: Use[] = [];
/** `count` uses spread over the middle of week k, by `users` distinct users. */
function usesIn(k: number, feature: string, count: number, users: number) {
  for (let i = 0; i < count; i++) uses.push({ feature, user: `${feature}-u${i % users}`, at: week(k) + DAY + i * 60_000 });
}
usesIn(-5, 'alpha', 5, 1);
usesIn(-4, 'alpha', 5, 1);
usesIn(-3, 'alpha', 5, 1);
usesIn(-2, 'alpha', 9, 2); // + the Sunday-night use below: 10
usesIn(-1, 'alpha', 29, 3); // + the Monday-morning use below: 30
for (const k of [-5, -4, -3, -2]) usesIn(k, 'beta', 8, 4);
usesIn(-1, 'beta', 4, 4);
usesIn(-1, 'gamma', 2, 2);
// Either side of the week edge, in the team's zone: 23:30 Sunday local, then 00:30 Monday local.
uses.push({ feature: 'alpha', user: 'alpha-u1', at: week(-1) - 30 * 60_000 });
uses.push({ feature: 'alpha', user: 'alpha-u2', at: week(-1) + 30 * 60_000 });
// The running week so far.
uses.push({ feature: 'alpha', user: 'alpha-u0', at: currentWeek + Math.max(0, Math.min(now - currentWeek - 1, 1000)) });

let server: RunningServer;
let viewer = '';
let admin = '';

async function usage(cookie: string, query = ''): Promise<{ status: number; body: AdoptionReport & { error?: string } }> {
  const res = await fetch(`${server.url}/api/usage${query}`, { headers: { cookie } });
  return { status: res.status, body: (await res.json()) as AdoptionReport & { error?: string } };
}
const feature = (r: AdoptionReport, name: string) => r.features.find((f) => f.feature === name)!;

beforeAll(async () => {
  server = await startServer({ env: { LOGLINE_TIME_ZONE: 'America/Bogota' } });
  const events = [
    ...uses.map((u) => ({ timestamp: u.at, source: 'web', event: 'feature_used', feature: u.feature, userId: u.user })),
    // Not usage: other events naming a feature, and usage events of no interest to the count.
    ...Array.from({ length: 7 }, (_, i) => ({ timestamp: week(-1) + DAY + i, source: 'web', event: 'page_view', feature: 'alpha', userId: 'x' })),
  ];
  const res = await fetch(`${server.url}/api/ingest`, { method: 'POST', headers: { authorization: `Bearer ${TEST_INGEST_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(events) });
  expect(res.status).toBe(202);
  admin = await signIn(server.url, TEST_ADMIN.email, TEST_ADMIN.password);
  const created = await fetch(`${server.url}/api/admin/users`, { method: 'POST', headers: { cookie: admin, 'content-type': 'application/json' }, body: JSON.stringify({ email: 'pm@example.com', role: 'viewer', password: 'pm-password-123' }) });
  expect(created.status).toBe(201);
  viewer = await signIn(server.url, 'pm@example.com', 'pm-password-123');
});
afterAll(async () => server?.stop());

describe('feature adoption per week in the team zone', () => {
  it('counts uses and unique users per feature and week, weeks starting Monday 00:00 local', async () => {
    const { status, body } = await usage(viewer, '?weeks=5');
    expect(status).toBe(200);
    expect(body.settings.timeZone).toBe('America/Bogota');
    expect(body.weeks.map((w) => [w.start, w.end, w.complete])).toEqual([-5, -4, -3, -2, -1, 0].map((k) => [week(k), week(k + 1), k < 0]));
    expect(feature(body, 'alpha').weekly).toEqual([
      { uses: 5, users: 1 }, { uses: 5, users: 1 }, { uses: 5, users: 1 }, { uses: 10, users: 2 }, { uses: 30, users: 3 }, { uses: 1, users: 1 },
    ]);
    expect(feature(body, 'beta').weekly.map((w) => [w.uses, w.users])).toEqual([[8, 4], [8, 4], [8, 4], [8, 4], [4, 4], [0, 0]]);
    expect(feature(body, 'gamma').weekly.map((w) => w.uses)).toEqual([0, 0, 0, 0, 2, 0]);
    expect(body.totals).toEqual([13, 13, 13, 18, 36, 1]);
    expect(body.features.map((f) => f.feature).sort()).toEqual(['alpha', 'beta', 'gamma']);
  });

  it('compares the latest week with the one before and with the baseline average, and ranks by growth', async () => {
    const { body } = await usage(viewer, '?weeks=5');
    const alpha = feature(body, 'alpha');
    expect(alpha.latest).toEqual({ uses: 30, users: 3 });
    expect(alpha.previous).toEqual({ uses: 10, users: 2 });
    expect(alpha.baseline).toEqual({ uses: (5 + 5 + 5 + 10) / 4, users: (1 + 1 + 1 + 2) / 4 });
    expect(alpha.usesChange.vsPrevious).toEqual({ kind: 'up', pct: 200 });
    expect(alpha.usesChange.vsBaseline).toEqual({ kind: 'up', pct: 380 });
    expect(alpha.usersChange.vsPrevious).toEqual({ kind: 'up', pct: 50 });
    const beta = feature(body, 'beta');
    expect(beta.usesChange.vsPrevious).toEqual({ kind: 'down', pct: -50 });
    expect(beta.usersChange.vsPrevious).toEqual({ kind: 'flat', pct: 0 });
    expect(feature(body, 'gamma').usesChange.vsBaseline).toEqual({ kind: 'new', pct: null });
    expect(body.features.map((f) => [f.feature, f.rank])).toEqual([['gamma', 1], ['alpha', 2], ['beta', 3]]);
  });

  it('compares uses per week before and after a release date', async () => {
    const { body } = await usage(viewer, `?weeks=5&compareAt=${week(-1)}&before=3`);
    const c = body.comparison!;
    expect(c.beforeWeeks.map((w) => w.start)).toEqual([week(-4), week(-3), week(-2)]);
    expect(c.afterWeeks.map((w) => w.start)).toEqual([week(-1)]);
    expect(c.splitWeek).toBeNull();
    const alpha = c.features.find((f) => f.feature === 'alpha')!;
    expect(alpha.before).toEqual({ weeks: 3, uses: 20, usesPerWeek: 20 / 3, usersPerWeek: 4 / 3 });
    expect(alpha.after).toEqual({ weeks: 1, uses: 30, usesPerWeek: 30, usersPerWeek: 3 });
    expect(alpha.change.pct).toBeCloseTo(350, 9);
    // An ISO date in the middle of a week leaves that week out of both sides.
    const mid = await usage(viewer, `?weeks=5&compareAt=${new Date(week(-3) + 2 * DAY).toISOString()}&before=2`);
    expect(mid.body.comparison!.splitWeek?.start).toBe(week(-3));
    expect(mid.body.comparison!.beforeWeeks.map((w) => w.start)).toEqual([week(-5), week(-4)]);
    expect(mid.body.comparison!.afterWeeks.map((w) => w.start)).toEqual([week(-2), week(-1)]);
  });

  it('lets developers try another usage event, but not viewers', async () => {
    const refused = await usage(viewer, `?eventFilter=${encodeURIComponent('event = "page_view"')}`);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatch(/developer role/);
    const bad = await usage(admin, `?eventFilter=${encodeURIComponent('event = "x" | display secret')}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/filter expression only/);
    const views = await usage(admin, `?weeks=5&eventFilter=${encodeURIComponent('event = "page_view"')}`);
    expect(views.status).toBe(200);
    expect(views.body.features.map((f) => [f.feature, f.latest.uses])).toEqual([['alpha', 7]]);
  });

  it('moves the week edge when an admin changes the team zone; viewers cannot', async () => {
    const settings = { eventFilter: 'event = "feature_used"', featureField: 'feature', userField: 'user.id', timeZone: 'UTC', baselineWeeks: 4 };
    const put = (cookie: string, body: unknown) => fetch(`${server.url}/api/usage/settings`, { method: 'PUT', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await put(viewer, settings)).status).toBe(403);
    const badZone = await put(admin, { ...settings, timeZone: 'Mars/Olympus' });
    expect(badZone.status).toBe(400);
    expect(((await badZone.json()) as { error: string }).error).toMatch(/IANA time zone/);
    expect((await put(admin, settings)).status).toBe(200);
    const { body } = await usage(viewer, '?weeks=5');
    expect(body.settings.timeZone).toBe('UTC');
    // Sunday 23:30 in Bogota is Monday 04:30 UTC: in the UTC week starting 5 h earlier it joins
    // the 29 mid-week uses and the Monday-morning one.
    const i = body.weeks.findIndex((w) => w.start === week(-1) - OFFSET);
    expect(i).toBeGreaterThan(-1);
    expect(feature(body, 'alpha').weekly[i]).toEqual({ uses: 31, users: 3 });
    await put(admin, { ...settings, timeZone: 'America/Bogota' });
  });

  it('serves the same figures to everyone for a short while (a report is a query per week), then reads again', async () => {
    const first = await usage(viewer, '?weeks=6');
    expect(first.status).toBe(200);
    const second = await usage(admin, '?weeks=6');
    expect(second.body.generatedAt).toBe(first.body.generatedAt);
    // A use logged now is not in the figures already read…
    const res = await fetch(`${server.url}/api/ingest`, { method: 'POST', headers: { authorization: `Bearer ${TEST_INGEST_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ source: 'web', event: 'feature_used', feature: 'alpha', userId: 'late', timestamp: Date.now() - 1 }) });
    expect(res.status).toBe(202);
    const third = await usage(viewer, '?weeks=6');
    expect([third.body.generatedAt, third.body.totals]).toEqual([first.body.generatedAt, first.body.totals]);
    // …a report over other weeks reads afresh and has it.
    const other = await usage(viewer, '?weeks=7');
    expect(other.body.generatedAt).toBeGreaterThan(first.body.generatedAt);
    expect(other.body.totals.at(-1)).toBe(first.body.totals.at(-1)! + 1);
  });
});
