import { describe, expect, it } from 'vitest';
import { roleForEmail } from './oidc';

describe('OIDC e-mail → role rules', () => {
  const rules = 'admin=alice@corp.com, bob@corp.com;developer=@corp.com;viewer=@partner.io';
  it.each([
    ['alice@corp.com', 'admin'],
    ['Bob@Corp.com', 'admin'],
    ['carol@corp.com', 'developer'],
    ['dave@partner.io', 'viewer'],
    ['eve@elsewhere.org', 'viewer'],
  ])('%s → %s', (email, role) => {
    expect(roleForEmail(rules, email)).toBe(role);
  });
  it('the highest matching role wins, and unknown roles are ignored', () => {
    expect(roleForEmail('developer=@corp.com;admin=@corp.com', 'x@corp.com')).toBe('admin');
    expect(roleForEmail('root=@corp.com', 'x@corp.com')).toBe('viewer');
    expect(roleForEmail('', 'x@corp.com')).toBe('viewer');
  });
});
