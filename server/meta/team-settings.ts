import { DEFAULT_USAGE_SETTINGS, usageSettings, type UsageSettings } from '@/lib/usage/settings';
import type { SessionUser } from '../auth/current-user';
import { audit } from './audit';
import type { MetaDb } from './db';
import { ServiceError } from './errors';

const KEY = 'usage';

/** The team's definition of feature usage; the default until an admin saves one. */
export async function getUsageSettings(db: MetaDb, defaults: Partial<UsageSettings> = {}): Promise<UsageSettings> {
  const row = await db.one('SELECT value FROM meta.settings WHERE key = $1', [KEY]);
  const base = { ...DEFAULT_USAGE_SETTINGS, ...defaults };
  if (!row) return base;
  const stored = usageSettings.safeParse({ ...base, ...(JSON.parse(String(row.value)) as object) });
  return stored.success ? stored.data : base;
}

export async function updateUsageSettings(db: MetaDb, user: SessionUser, input: unknown): Promise<UsageSettings> {
  if (user.role !== 'admin') throw new ServiceError(403, 'only admins change the team usage settings');
  const data = usageSettings.parse(input);
  await db.transaction(async (tx) => {
    await tx.run('INSERT OR REPLACE INTO meta.settings (key, value) VALUES ($1, $2)', [KEY, JSON.stringify(data)]);
    await audit(tx, user, 'usage_settings.update', 'settings', KEY, data);
  });
  return data;
}
