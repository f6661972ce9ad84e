import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../test-support/sign-in';
import { startServer, TEST_ADMIN, TEST_INGEST_KEY, type RunningServer } from '../test-support/spawn-server';

/** Dashboards over the real HTTP API: who may see, run and change them, and what a panel returns. */
let server: RunningServer;
const cookie: Record<'admin' | 'developer' | 'viewer' | 'dev2', string> = { admin: '', developer: '', viewer: '', dev2: '' };

async function call(who: keyof typeof cookie, method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, { method, headers: { cookie: cookie[who], 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, any> };
}

const HOUR = 3_600_000;
const now = Date.now();

beforeAll(async () => {
  server = await startServer();
  cookie.admin = await signIn(server.url, TEST_ADMIN.email, TEST_ADMIN.password);
  for (const [name, role] of [['developer', 'developer'], ['viewer', 'viewer'], ['dev2', 'developer']] as const) {
    expect((await call('admin', 'POST', '/api/admin/users', { email: `${name}@example.com`, role, password: `${name}-password-1` })).status).toBe(201);
    cookie[name] = await signIn(server.url, `${name}@example.com`, `${name}-password-1`);
  }
  // 30 errors in the last day, 10 in the day before: a number panel should say +200 %.
  const events = [
    ...Array.from({ length: 30 }, (_, i) => ({ timestamp: now - 2 * HOUR - i * 1000, level: 'error', route: i % 3 ? '/a' : '/b' })),
    ...Array.from({ length: 10 }, (_, i) => ({ timestamp: now - 26 * HOUR - i * 1000, level: 'error', route: '/a' })),
  ];
  const res = await fetch(`${server.url}/api/ingest`, { method: 'POST', headers: { authorization: `Bearer ${TEST_INGEST_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(events) });
  expect(res.status).toBe(202);
});
afterAll(async () => server?.stop());

describe('dashboards', () => {
  let dashboardId = '';
  let version = 0;

  it('a developer adds the query on screen in Explore to a new dashboard as a panel', async () => {
    const created = await call('developer', 'POST', '/api/dashboards', { name: 'On call', range: '24h' });
    expect(created.status).toBe(201);
    dashboardId = created.body.dashboard.id;
    const added = await call('developer', 'POST', `/api/dashboards/${dashboardId}/panels`, { title: 'Errors', ql: 'filter level = "error" | stats count(*) as errors', viz: 'number', width: 4, unit: '' });
    expect(added.status).toBe(201);
    const d = added.body.dashboard;
    expect(d.panels).toHaveLength(1);
    expect(d.panels[0]).toMatchObject({ title: 'Errors', viz: 'number', width: 4 });
    expect(d.queries[d.panels[0].id]).toMatchObject({ name: 'Errors', ql: 'filter level = "error" | stats count(*) as errors' });
    version = d.version;
    // The query is the developer's own, kept in the library's Dashboards folder.
    const library = await call('developer', 'GET', '/api/saved-queries');
    expect(library.body.queries.find((q: { name: string }) => q.name === 'Errors')).toMatchObject({ folder: 'Dashboards', visibility: 'private' });
  });

  it('everyone who sees the dashboard runs its panels; a number comes with the period before', async () => {
    const d = (await call('viewer', 'GET', `/api/dashboards/${dashboardId}`)).body.dashboard;
    expect(d).toMatchObject({ name: 'On call', canEdit: false, canDelete: false });
    const run = await call('viewer', 'POST', `/api/dashboards/${dashboardId}/panels/${d.panels[0].id}/run`, { start: now - 24 * HOUR, end: now });
    expect(run.status).toBe(200);
    // A viewer cannot make a panel scan everything since 1970 (each run is billed in AWS mode).
    const huge = await call('viewer', 'POST', `/api/dashboards/${dashboardId}/panels/${d.panels[0].id}/run`, { start: 0, end: now });
    expect(huge.status).toBe(400);
    expect(huge.body.error).toMatch(/at most 90 days/);
    expect(run.body.rows).toEqual([{ errors: 30 }]);
    expect(run.body.previous.rows).toEqual([{ errors: 10 }]);
    expect(run.body.ql).toContain('stats count(*) as errors');
    // The viewer still cannot open the developer's private query directly.
    expect((await call('viewer', 'GET', `/api/saved-queries/${d.panels[0].queryId}`)).status).toBe(404);
  });

  it('viewers cannot change or delete dashboards, on the server', async () => {
    const d = (await call('viewer', 'GET', `/api/dashboards/${dashboardId}`)).body.dashboard;
    const put = await call('viewer', 'PUT', `/api/dashboards/${dashboardId}`, { name: 'Mine', panels: [], baseVersion: d.version });
    expect(put.status).toBe(403);
    expect(put.body.error).toMatch(/developer role/);
    expect((await call('viewer', 'DELETE', `/api/dashboards/${dashboardId}`)).status).toBe(403);
    expect((await call('viewer', 'POST', '/api/dashboards', { name: 'x' })).status).toBe(403);
    expect((await call('viewer', 'POST', `/api/dashboards/${dashboardId}/panels`, { title: 't', ql: 'fields @message', viz: 'table' })).status).toBe(403);
    expect((await call('viewer', 'GET', `/api/dashboards/${dashboardId}`)).body.dashboard.name).toBe('On call');
  });

  it('another developer rearranges it; a stale save gets 409 instead of overwriting', async () => {
    const d = (await call('dev2', 'GET', `/api/dashboards/${dashboardId}`)).body.dashboard;
    const panels = [{ ...d.panels[0], width: 12, title: 'All errors' }];
    const ok = await call('dev2', 'PUT', `/api/dashboards/${dashboardId}`, { name: d.name, range: '7d', refreshSeconds: 60, panels, baseVersion: version });
    expect(ok.status).toBe(200);
    expect(ok.body.dashboard).toMatchObject({ range: '7d', refreshSeconds: 60, version: version + 1, panels: [{ width: 12, title: 'All errors' }] });
    const stale = await call('developer', 'PUT', `/api/dashboards/${dashboardId}`, { name: 'Renamed', panels: d.panels, baseVersion: version });
    expect(stale.status).toBe(409);
    expect(stale.body.currentVersion).toBe(version + 1);
    // Only its owner or an admin deletes it.
    expect((await call('dev2', 'DELETE', `/api/dashboards/${dashboardId}`)).status).toBe(403);
  });

  it('"Add to dashboard" saves the query and the panel together: no orphan query, no "Title (2)" on a retry', async () => {
    const board = (await call('dev2', 'POST', '/api/dashboards', { name: 'Checkout', range: '24h' })).body.dashboard;
    const panel = (title: string, extra: Record<string, unknown> = {}) => ({ title, ql: 'filter route = "/a" | stats count(*)', viz: 'table', width: 6, unit: '', ...extra });
    // Two teammates adding at once: each add lands, and each query it saved is on the dashboard.
    const adds = await Promise.all(Array.from({ length: 6 }, (_, i) => call(i % 2 ? 'dev2' : 'developer', 'POST', `/api/dashboards/${board.id}/panels`, panel(`Race ${i}`))));
    expect(adds.map((a) => a.status)).toEqual([201, 201, 201, 201, 201, 201]);
    const after = (await call('dev2', 'GET', `/api/dashboards/${board.id}`)).body.dashboard;
    expect(after.panels.map((p: { title: string }) => p.title).sort()).toEqual(['Race 0', 'Race 1', 'Race 2', 'Race 3', 'Race 4', 'Race 5']);
    const raceQueries = async (who: 'developer' | 'dev2') => (await call(who, 'GET', '/api/saved-queries?search=Race')).body.queries as { id: string; name: string }[];
    const saved = [...(await raceQueries('developer')), ...(await raceQueries('dev2'))];
    expect(saved.map((q) => q.id).sort()).toEqual(after.panels.map((p: { queryId: string }) => p.queryId).sort());

    // A stale version is refused before anything is saved; the retry keeps the title.
    const stale = await call('developer', 'POST', `/api/dashboards/${board.id}/panels`, panel('Late', { version: board.version }));
    expect(stale.status).toBe(409);
    expect(stale.body.currentVersion).toBe(after.version);
    expect((await call('developer', 'GET', '/api/saved-queries?search=Late')).body.queries).toEqual([]);
    const retried = await call('developer', 'POST', `/api/dashboards/${board.id}/panels`, panel('Late', { version: after.version }));
    expect(retried.status).toBe(201);
    expect((await call('developer', 'GET', '/api/saved-queries?search=Late')).body.queries.map((q: { name: string }) => q.name)).toEqual(['Late']);
  });

  it('refuses a panel on a query its editor cannot see, and bad layouts', async () => {
    const mine = await call('developer', 'POST', '/api/saved-queries', { name: 'Private thing', ql: 'fields @message' });
    const d = (await call('dev2', 'GET', `/api/dashboards/${dashboardId}`)).body.dashboard;
    const sneaky = { id: 'x1', title: 'Sneaky', queryId: mine.body.query.id, viz: 'table' };
    const r = await call('dev2', 'PUT', `/api/dashboards/${dashboardId}`, { name: d.name, panels: [...d.panels, sneaky], baseVersion: d.version });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(/cannot see/);
    const bad = await call('dev2', 'PUT', `/api/dashboards/${dashboardId}`, { name: d.name, panels: [{ ...d.panels[0], width: 5 }], baseVersion: d.version });
    expect(bad.status).toBe(400);
    expect((await call('dev2', 'PUT', `/api/dashboards/${dashboardId}`, { name: '', panels: [], baseVersion: d.version })).body.error).toMatch(/name/);
  });

  it('says clearly when a panel lost its query, and the owner deletes the dashboard', async () => {
    const d = (await call('developer', 'GET', `/api/dashboards/${dashboardId}`)).body.dashboard;
    expect((await call('developer', 'DELETE', `/api/saved-queries/${d.panels[0].queryId}`)).status).toBe(200);
    const again = (await call('viewer', 'GET', `/api/dashboards/${dashboardId}`)).body.dashboard;
    expect(again.queries[d.panels[0].id]).toBeNull();
    const run = await call('viewer', 'POST', `/api/dashboards/${dashboardId}/panels/${d.panels[0].id}/run`, { start: now - HOUR, end: now });
    expect(run.status).toBe(404);
    expect(run.body.error).toMatch(/was deleted/);
    expect((await call('developer', 'DELETE', `/api/dashboards/${dashboardId}`)).status).toBe(204);
    expect((await call('viewer', 'GET', `/api/dashboards/${dashboardId}`)).status).toBe(404);
    const audit = await call('admin', 'GET', '/api/admin/audit?entity=dashboard');
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['dashboard.create', 'dashboard.update', 'dashboard.delete']));
  });
});

describe('release markers', () => {
  it('admins add and remove them; everyone reads them; others are refused', async () => {
    expect((await call('developer', 'POST', '/api/release-markers', { at: now, label: 'v2' })).status).toBe(403);
    expect((await call('admin', 'POST', '/api/release-markers', { at: now, label: '' })).status).toBe(400);
    const m = await call('admin', 'POST', '/api/release-markers', { at: now - HOUR, label: 'v2 <script>' });
    expect(m.status).toBe(201);
    const list = await call('viewer', 'GET', '/api/release-markers');
    expect(list.body.markers).toEqual([{ id: m.body.marker.id, at: now - HOUR, label: 'v2 <script>', createdBy: TEST_ADMIN.email }]);
    expect((await call('viewer', 'DELETE', `/api/release-markers/${m.body.marker.id}`)).status).toBe(403);
    expect((await call('admin', 'DELETE', `/api/release-markers/${m.body.marker.id}`)).status).toBe(204);
    expect((await call('viewer', 'GET', '/api/release-markers')).body.markers).toEqual([]);
  });
});
