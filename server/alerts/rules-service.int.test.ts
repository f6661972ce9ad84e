import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../auth/current-user';
import { MetaDb } from '../meta/db';
import { createUser } from '../meta/users';
import { DuckDbBackend } from '../store/duckdb/backend';
import { tempDataDir } from '../test-support/spawn-server';
import { createRule, getRule, updateRule, type RuleDeps } from './rules-service';

/** The rule service on a real DuckDB file (meta.alert_rules). */
let backend: DuckDbBackend;
let deps: RuleDeps;
let admin: SessionUser;
let reloads = 0;

beforeAll(async () => {
  backend = await DuckDbBackend.open({ dataDir: tempDataDir(), maxQueuedEvents: 10_000 });
  const meta = new MetaDb(await backend.instance.connect());
  deps = { meta, policy: { allowedHosts: ['hooks.slack.com'], allowLoopbackHttp: false }, reload: async () => void reloads++ };
  const user = await createUser(meta, { email: 'admin@example.com', role: 'admin', password: 'admin-password-1' }, null);
  admin = { id: user.id, email: user.email, name: user.name, role: 'admin', via: 'session' };
});
afterAll(async () => {
  await backend?.close();
});

describe('editing a rule', () => {
  it('stores the new settings, keeps the webhook and who created it, and tells the engine', async () => {
    const created = await createRule(deps, admin, { kind: 'fingerprint', name: 'Payments', webhookUrl: 'https://hooks.slack.com/services/T/B/secret', filter: 'level = "error"', sources: ['api'] });
    const before = reloads;
    const edited = await updateRule(deps, admin, created.id, { kind: 'fingerprint', name: 'Payments (web too)', filter: 'level in ["error", "fatal"]', sources: ['api', 'web'], quietSeconds: 3600 });
    expect(reloads).toBe(before + 1);
    const stored = await getRule(deps.meta, created.id);
    expect(stored).toEqual(edited);
    expect(stored).toMatchObject({ name: 'Payments (web too)', filter: 'level in ["error", "fatal"]', sources: ['api', 'web'], quietSeconds: 3600, webhookUrl: 'https://hooks.slack.com/services/T/B/secret', createdBy: 'admin@example.com', createdAt: created.createdAt });
  });
});
