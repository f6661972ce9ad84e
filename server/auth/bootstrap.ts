import type { Services } from '../registry';
import { countUsers, createUser } from '../meta/users';
import { generatePassword } from './passwords';
import type { Role } from './roles';

/** Demo accounts, one per role, created with the demo data and listed in the README. */
export const DEMO_USERS: readonly { email: string; password: string; role: Role; name: string }[] = [
  { email: 'admin@demo.logline.dev', password: 'logline-admin', role: 'admin', name: 'Ada Admin' },
  { email: 'developer@demo.logline.dev', password: 'logline-developer', role: 'developer', name: 'Dev Eloper' },
  { email: 'viewer@demo.logline.dev', password: 'logline-viewer', role: 'viewer', name: 'Vi Ewer' },
];

/**
 * First start: an admin from LOGLINE_ADMIN_EMAIL/PASSWORD, the demo accounts with demo data, or
 * else an admin with a generated password printed once. Also a default ingest key when none exists.
 */
export async function bootstrapAccounts(services: Services, withDemoUsers: boolean): Promise<void> {
  const { meta, config, keys } = services;
  if ((await countUsers(meta)) === 0) {
    const lines: string[] = [];
    if (config.admin) {
      const password = config.admin.password ?? generatePassword();
      await createUser(meta, { email: config.admin.email, role: 'admin', password }, null);
      lines.push(`Admin: ${config.admin.email}${config.admin.password ? '' : `  password: ${password}  (shown once; change it in Settings)`}`);
    }
    if (withDemoUsers) {
      for (const u of DEMO_USERS) await createUser(meta, u, null);
      lines.push('Demo accounts (see README):', ...DEMO_USERS.map((u) => `  ${u.role.padEnd(9)} ${u.email}  password: ${u.password}`));
    }
    if (!config.admin && !withDemoUsers) {
      const password = generatePassword();
      await createUser(meta, { email: 'admin@logline.local', name: 'Admin', role: 'admin', password }, null);
      lines.push(`Admin: admin@logline.local  password: ${password}  (shown once; change it in Settings)`);
    }
    console.log(['', ...lines.map((l) => `  ${l}`), ''].join('\n'));
  }
  if (!config.ingestKey && !keys.hasIngestKeys()) {
    const { secret } = await keys.create({ name: 'default ingest key', kind: 'ingest' }, null);
    console.log(
      [
        '',
        '  Logline created an ingest API key. It is shown this once and stored only as a hash:',
        '',
        `      ${secret}`,
        '',
        '  Send it as "Authorization: Bearer <key>". Lost it? Create another under Admin → API keys.',
        '',
      ].join('\n'),
    );
  }
}
