import type { Role } from './roles';
import { isRole } from './roles';

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  name: string;
  /** `role=pattern,pattern;role=…` where a pattern is an e-mail or `@domain`. */
  roleMap: string;
}

/**
 * The role an OIDC user gets from their e-mail: the first rule that names the address or its
 * domain; otherwise viewer. Example: `admin=alice@corp.com;developer=@corp.com`.
 */
export function roleForEmail(roleMap: string, email: string): Role {
  const address = email.trim().toLowerCase();
  const domain = address.slice(address.lastIndexOf('@'));
  const rules = roleMap.split(';').map((r) => r.split('='));
  for (const role of ['admin', 'developer', 'viewer'] as const) {
    for (const [name, patterns] of rules) {
      if (!isRole(name?.trim()) || name.trim() !== role || !patterns) continue;
      const list = patterns.split(',').map((p) => p.trim().toLowerCase());
      if (list.includes(address) || list.includes(domain)) return role;
    }
  }
  return 'viewer';
}
