import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../test-support/sign-in';
import { startServer, TEST_ADMIN, type RunningServer } from '../test-support/spawn-server';
import { ACCESS_RULES, type Access } from './access-rules';
import { ROLES, type Role } from './roles';

/**
 * Roles over the real HTTP API: every route in ACCESS_RULES is called as nobody and as each
 * role, and what each role may and may not do with users, keys and saved queries.
 */
let server: RunningServer;
const ADMIN = TEST_ADMIN;
const cookies: Partial<Record<Role, string>> = {};
const dev2 = { email: 'dev2@example.com', password: 'dev2-password-1' };

async function call(method: string, path: string, who: Role | 'nobody' | string, body?: unknown) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (who !== 'nobody') {
    if (who.startsWith('lt_')) headers.authorization = `Bearer ${who}`;
    else headers.cookie = cookies[who as Role] ?? who;
  }
  const res = await fetch(`${server.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = { text };
  }
  return { status: res.status, body: json };
}

beforeAll(async () => {
  server = await startServer();
  cookies.admin = await signIn(server.url, ADMIN.email, ADMIN.password);
  for (const role of ['viewer', 'developer'] as const) {
    const r = await call('POST', '/api/admin/users', 'admin', { email: `${role}@example.com`, role, password: `${role}-password-1` });
    expect(r.status).toBe(201);
    cookies[role] = await signIn(server.url, `${role}@example.com`, `${role}-password-1`);
  }
  expect((await call('POST', '/api/admin/users', 'admin', { ...dev2, role: 'developer' })).status).toBe(201);
});
afterAll(async () => {
  await server?.stop();
});

function allowed(access: Access, who: Role | 'nobody'): boolean {
  if (access === 'public') return true;
  if (who === 'nobody' || access === 'ingest-key') return false;
  if (access === 'signed-in') return true;
  return ROLES.indexOf(who) >= ROLES.indexOf(access);
}

describe('access rules are enforced on the server for every route', () => {
  const cases = Object.entries(ACCESS_RULES)
    .filter(([id]) => !id.includes('[...nextauth]'))
    .flatMap(([id, access]) => (['nobody', ...ROLES] as const).map((who) => [id, access, who] as const));
  it.each(cases)('%s (%s) as %s', async (id, access, who) => {
    const [method, pattern] = id.split(' ');
    const path = pattern.replace('[id]', randomUUID());
    const r = await call(method, path, who, method === 'GET' || method === 'DELETE' ? undefined : {});
    if (access === 'ingest-key') {
      // A session never authenticates ingest: only an ingest API key does.
      expect(r.status).toBe(401);
      expect(JSON.stringify(r.body)).toMatch(/API key/);
    } else if (allowed(access, who)) {
      expect(r.status, JSON.stringify(r.body)).not.toBe(401);
      expect(String(r.body.error ?? '')).not.toMatch(/needs the \w+ role/);
      expect(r.status).toBeLessThan(500);
    } else if (who === 'nobody') {
      expect(r.status).toBe(401);
      expect(r.body.error).toMatch(/Sign in first/);
    } else {
      expect(r.status).toBe(403);
      expect(r.body.error).toMatch(new RegExp(`needs the ${access} role`));
    }
  });
});

describe('health', () => {
  it('tells anyone only whether the store answers; the details are for admins', async () => {
    for (const who of ['nobody', 'viewer', 'developer'] as const) expect((await call('GET', '/api/health', who)).body).toEqual({ status: 'ok', mode: 'local', reachable: true });
    expect((await call('GET', '/api/admin/health', 'admin')).body).toEqual({ status: 'ok', mode: 'local', reachable: true, events: expect.any(Number) });
    expect((await call('GET', '/api/admin/health', 'developer')).status).toBe(403);
  });
});

describe('saved queries', () => {
  let officialId = '';

  it('a saved query runs over at most 90 days: a viewer cannot start a scan from 1970', async () => {
    const q = await call('POST', '/api/saved-queries', 'admin', { name: 'Errors, all time?', ql: 'filter level = "error" | stats count(*)', visibility: 'team' });
    const id = (q.body.query as { id: string }).id;
    const now = Date.now();
    const huge = await call('POST', `/api/saved-queries/${id}/run`, 'viewer', { start: 0, end: now });
    expect(huge.status).toBe(400);
    expect(huge.body.error).toMatch(/at most 90 days.*pick a shorter range/);
    expect((await call('POST', `/api/saved-queries/${id}/run`, 'viewer', { start: now - 90 * 86_400_000, end: now })).status).toBe(200);
  });

  it('an admin creates an official team query; a viewer finds and reads it but cannot edit it', async () => {
    const created = await call('POST', '/api/saved-queries', 'admin', { name: 'Errors by route', ql: 'filter level = "error" | stats count(*) by route', visibility: 'team', official: true, folder: 'API', tags: ['errors'] });
    expect(created.status).toBe(201);
    const q = created.body.query as { id: string; version: number; official: boolean };
    officialId = q.id;
    expect(q).toMatchObject({ version: 1, official: true });

    const list = await call('GET', '/api/saved-queries?search=route', 'viewer');
    expect((list.body.queries as { id: string; canEdit: boolean }[]).find((x) => x.id === q.id)).toMatchObject({ canEdit: false });
    const edit = await call('PUT', `/api/saved-queries/${q.id}`, 'viewer', { name: 'Mine now', ql: 'fields @message', baseVersion: 1 });
    expect(edit.status).toBe(403);
    expect(edit.body.error).toMatch(/developer role/);
    const devEdit = await call('PUT', `/api/saved-queries/${q.id}`, 'developer', { name: 'Mine now', ql: 'fields @message', baseVersion: 1, visibility: 'team', official: true });
    expect(devEdit.status).toBe(403);
    expect(devEdit.body.error).toMatch(/official: only admins/);
    const del = await call('DELETE', `/api/saved-queries/${q.id}`, 'developer');
    expect(del.status).toBe(403);
  });

  it('a developer saves a private query that nobody else sees', async () => {
    const created = await call('POST', '/api/saved-queries', 'developer', { name: 'My debugging', ql: 'filter user.id = "42"' });
    expect(created.status).toBe(201);
    const id = (created.body.query as { id: string }).id;
    for (const other of ['viewer', 'admin'] as const) {
      const list = await call('GET', '/api/saved-queries', other);
      expect((list.body.queries as { id: string }[]).map((x) => x.id)).not.toContain(id);
      expect((await call('GET', `/api/saved-queries/${id}`, other)).status).toBe(404);
    }
    const dev2Cookie = await signIn(server.url, dev2.email, dev2.password);
    expect((await call('GET', `/api/saved-queries/${id}`, dev2Cookie)).status).toBe(404);
    expect((await call('GET', `/api/saved-queries/${id}`, 'developer')).status).toBe(200);
  });

  it('developers cannot share with the team or mark official', async () => {
    const team = await call('POST', '/api/saved-queries', 'developer', { name: 'Shared?', ql: 'fields @message', visibility: 'team' });
    expect(team.status).toBe(403);
    expect(team.body.error).toMatch(/only admins share/);
    const official = await call('POST', '/api/saved-queries', 'developer', { name: 'Official?', ql: 'fields @message', official: true });
    expect(official.status).toBe(403);
  });

  it('refuses bad input clearly', async () => {
    const dup = await call('POST', '/api/saved-queries', 'admin', { name: 'errors BY route', ql: 'fields @message', visibility: 'team' });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatch(/already exists/);

    const bad = await call('POST', '/api/saved-queries', 'developer', { name: 'Broken', ql: 'filter level = | stats' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ line: 1, column: expect.any(Number), excerpt: expect.stringContaining('^') });
    expect(bad.body.error).toMatch(/does not parse/);

    const long = `filter @message like "${'x'.repeat(10_000 - 25)}"`;
    expect(long.length).toBe(10_000 - 2);
    const ok = await call('POST', '/api/saved-queries', 'developer', { name: 'Long one', ql: long });
    expect(ok.status).toBe(201);
    expect((ok.body.query as { ql: string }).ql).toBe(long);
    const tooLong = await call('POST', '/api/saved-queries', 'developer', { name: 'Too long', ql: 'x'.repeat(10_001) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error).toMatch(/limited to 10000 characters/);

    const noName = await call('POST', '/api/saved-queries', 'developer', { name: '  ', ql: 'fields @message' });
    expect(noName.status).toBe(400);
    expect(noName.body.error).toMatch(/name/);

    const malformed = await fetch(`${server.url}/api/saved-queries`, { method: 'POST', headers: { cookie: cookies.developer!, 'content-type': 'application/json' }, body: '{"name": ' });
    expect(malformed.status).toBe(400);
  });

  it('keeps every change as a version, refuses a stale edit, and restores', async () => {
    const v2 = await call('PUT', `/api/saved-queries/${officialId}`, 'admin', { name: 'Errors by route', ql: 'filter level = "error" | stats count(*) as n by route', visibility: 'team', official: true, baseVersion: 1 });
    expect(v2.status).toBe(200);
    // A second editor who also started from version 1 must not overwrite version 2.
    const stale = await call('PUT', `/api/saved-queries/${officialId}`, 'admin', { name: 'Errors by route', ql: 'fields @message', visibility: 'team', official: true, baseVersion: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ currentVersion: 2 });

    const restored = await call('POST', `/api/saved-queries/${officialId}/restore`, 'admin', { version: 1, baseVersion: 2 });
    expect(restored.status).toBe(200);
    expect(restored.body.query).toMatchObject({ version: 3, ql: 'filter level = "error" | stats count(*) by route' });
    const versions = await call('GET', `/api/saved-queries/${officialId}/versions`, 'viewer');
    const list = versions.body.versions as { version: number; authorEmail: string; note: string }[];
    expect(list.map((v) => v.version)).toEqual([3, 2, 1]);
    expect(list[0]).toMatchObject({ authorEmail: ADMIN.email, note: 'restored version 1' });

    const audit = await call('GET', `/api/admin/audit?entity=saved_query&entityId=${officialId}`, 'admin');
    expect((audit.body.entries as { action: string }[]).map((e) => e.action)).toEqual(['saved_query.update', 'saved_query.update', 'saved_query.create']);
  });

  it('concurrent edits: exactly one of two simultaneous saves wins', async () => {
    const created = await call('POST', '/api/saved-queries', 'admin', { name: 'Race', ql: 'fields @message', visibility: 'team' });
    const id = (created.body.query as { id: string }).id;
    const [a, b] = await Promise.all(
      ['fields @timestamp', 'fields @log'].map((ql) => call('PUT', `/api/saved-queries/${id}`, 'admin', { name: 'Race', ql, visibility: 'team', baseVersion: 1 })),
    );
    expect([a.status, b.status].sort()).toEqual([200, 409]);
  });
});

describe('users, tokens and keys', () => {
  it('a personal token acts as its user until revoked', async () => {
    const created = await call('POST', '/api/me/tokens', 'developer', { name: 'laptop CLI' });
    expect(created.status).toBe(201);
    const secret = created.body.secret as string;
    expect(secret).toMatch(/^lt_/);
    expect((await call('GET', '/api/me', secret)).body.user).toMatchObject({ email: 'developer@example.com', role: 'developer', via: 'token' });
    expect((await call('GET', '/api/admin/users', secret)).status).toBe(403);
    const listed = await call('GET', '/api/me/tokens', 'developer');
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    const id = (created.body.token as { id: string }).id;
    expect((await call('DELETE', `/api/me/tokens/${id}`, 'developer')).status).toBe(200);
    const revoked = await call('GET', '/api/me', secret);
    expect(revoked.status).toBe(401);
  });

  it('an ingest key bound to a source works until an admin revokes it', async () => {
    const created = await call('POST', '/api/admin/keys', 'admin', { name: 'web client', source: 'web' });
    expect(created.status).toBe(201);
    const secret = created.body.secret as string;
    const send = () => fetch(`${server.url}/api/ingest`, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: '{"source":"api","message":"x"}' });
    expect((await send()).status).toBe(202);
    const id = (created.body.key as { id: string }).id;
    expect((await call('DELETE', `/api/admin/keys/${id}`, 'admin')).status).toBe(200);
    expect((await send()).status).toBe(401);
    const bad = await call('POST', '/api/admin/keys', 'admin', { name: 'x', source: 'bad source!' });
    expect(bad.status).toBe(400);
  });

  it('role changes and disabling take effect on the next request', async () => {
    const created = await call('POST', '/api/admin/users', 'admin', { email: 'temp@example.com', role: 'viewer', password: 'temp-password-1' });
    const id = (created.body.user as { id: string }).id;
    const temp = await signIn(server.url, 'temp@example.com', 'temp-password-1');
    expect((await call('GET', '/api/events', temp)).status).toBe(403);
    expect((await call('PATCH', `/api/admin/users/${id}`, 'admin', { role: 'developer' })).status).toBe(200);
    expect((await call('GET', '/api/events', temp)).status).toBe(200);
    expect((await call('PATCH', `/api/admin/users/${id}`, 'admin', { disabled: true })).status).toBe(200);
    expect((await call('GET', '/api/me', temp)).status).toBe(401);
    await expect(signIn(server.url, 'temp@example.com', 'temp-password-1')).rejects.toThrow(/sign-in failed/);
  });

  it('refuses unknown roles, duplicate users and removing the last admin', async () => {
    const role = await call('POST', '/api/admin/users', 'admin', { email: 'x@example.com', role: 'superuser' });
    expect(role.status).toBe(400);
    expect(role.body.error).toMatch(/role must be one of viewer, developer, admin/);
    const dup = await call('POST', '/api/admin/users', 'admin', { email: 'VIEWER@example.com', role: 'viewer' });
    expect(dup.status).toBe(409);
    const me = (await call('GET', '/api/me', 'admin')).body.user as { id: string };
    const demote = await call('PATCH', `/api/admin/users/${me.id}`, 'admin', { role: 'viewer' });
    expect(demote.status).toBe(409);
    expect(demote.body.error).toMatch(/last active admin/);
  });

  it('throttles repeated failed sign-ins', async () => {
    for (let i = 0; i < 5; i++) await expect(signIn(server.url, 'viewer@example.com', 'wrong-password')).rejects.toThrow();
    await expect(signIn(server.url, 'viewer@example.com', 'viewer-password-1')).rejects.toThrow(/Too many failed sign-ins/);
  });
});

describe('live tail', () => {
  it('tells a developer where to connect (the console socket, in local mode); viewers may not tail', async () => {
    const r = await call('GET', '/api/tail/connect', 'developer');
    expect(r).toMatchObject({ status: 200, body: { mode: 'local', url: '/ws/tail' } });
    expect(r.body.token).toBeUndefined();
    expect((await call('GET', '/api/tail/connect', 'viewer')).status).toBe(403);
    expect((await call('GET', '/api/tail/log-groups', 'developer')).body).toEqual({ mode: 'local', groups: [] });
    expect((await call('GET', '/api/tail/log-groups', 'viewer')).status).toBe(403);
  });
});

describe('alert rules are admin-only', () => {
  const webhookUrl = 'https://hooks.slack.com/services/T0ROLES/B0ROLES/abcdefghijklmnopqrstuvwx';

  it('developers and viewers can neither read nor change alerts; an admin can, and never sees the webhook again', async () => {
    for (const who of ['viewer', 'developer'] as const) {
      const create = await call('POST', '/api/alerts', who, { kind: 'storm', name: `from ${who}`, webhookUrl });
      expect(create.status).toBe(403);
      expect(create.body.error).toMatch(/needs the admin role/);
      for (const path of ['/api/alerts', '/api/alerts/deliveries', '/api/alerts/storms']) expect((await call('GET', path, who)).status).toBe(403);
      expect((await call('POST', '/api/alerts/test', who, { webhookUrl })).status).toBe(403);
    }
    const created = await call('POST', '/api/alerts', 'admin', { kind: 'storm', name: 'Storms (roles)', webhookUrl });
    expect(created.status).toBe(201);
    const rule = created.body.rule as { id: string; webhook: string };
    expect(rule.webhook).toBe('https://hooks.slack.com/services/T0ROLES/B0ROLES/••••uvwx');
    expect(JSON.stringify((await call('GET', `/api/alerts/${rule.id}`, 'admin')).body)).not.toContain('abcdefghijkl');
    expect(JSON.stringify((await call('GET', '/api/alerts', 'admin')).body)).not.toContain('abcdefghijkl');
    for (const who of ['viewer', 'developer'] as const) {
      expect((await call('PUT', `/api/alerts/${rule.id}`, who, { kind: 'storm', name: 'taken over', webhookUrl: 'https://hooks.slack.com/services/X/Y/Z' })).status).toBe(403);
      expect((await call('DELETE', `/api/alerts/${rule.id}`, who)).status).toBe(403);
      expect((await call('POST', `/api/alerts/${rule.id}/snooze`, who, { until: null })).status).toBe(403);
    }
    // An edit without a webhook keeps the stored one.
    const edited = await call('PUT', `/api/alerts/${rule.id}`, 'admin', { kind: 'storm', name: 'Storms (renamed)' });
    expect(edited.status).toBe(200);
    expect((edited.body.rule as { webhook: string }).webhook).toBe(rule.webhook);
    expect((await call('DELETE', `/api/alerts/${rule.id}`, 'admin')).status).toBe(200);
    const audit = await call('GET', `/api/admin/audit?entity=alert_rule&entityId=${rule.id}`, 'admin');
    expect((audit.body.entries as { action: string }[]).map((e) => e.action)).toEqual(['alert_rule.delete', 'alert_rule.update', 'alert_rule.create']);
  });
});
