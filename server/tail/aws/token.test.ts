import { describe, expect, it } from 'vitest';
import { signTailToken, verifyTailToken } from './token';

const SECRET = 's'.repeat(40);
const T0 = 1_800_000_000_000;

describe('live-tail tokens', () => {
  it('round-trips the user and role, and expires after about a minute', () => {
    const token = signTailToken({ id: 'u-1', role: 'developer' }, SECRET, T0);
    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(verifyTailToken(token, SECRET, T0 + 5_000)).toEqual({ ok: true, claims: { sub: 'u-1', role: 'developer', exp: T0 / 1000 + 60 } });
    // 30 s of clock skew is tolerated, not more.
    expect(verifyTailToken(token, SECRET, T0 + 85_000).ok).toBe(true);
    expect(verifyTailToken(token, SECRET, T0 + 95_000)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses another secret, a changed payload and garbage', () => {
    const token = signTailToken({ id: 'u-1', role: 'developer' }, SECRET, T0);
    expect(verifyTailToken(token, 'x'.repeat(40), T0)).toEqual({ ok: false, reason: 'signature' });
    const [v, , sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'u-1', role: 'admin', exp: T0 / 1000 + 60 })).toString('base64url');
    expect(verifyTailToken(`${v}.${forged}.${sig}`, SECRET, T0)).toEqual({ ok: false, reason: 'signature' });
    for (const bad of [undefined, '', 'v1.abc', 'v2.a.b', `${token}.x`, 'v1..']) expect(verifyTailToken(bad, SECRET, T0).ok).toBe(false);
  });

  it('refuses a validly signed token with a life far beyond what the console signs', () => {
    const long = signTailToken({ id: 'u-1', role: 'admin' }, SECRET, T0, 3600);
    expect(verifyTailToken(long, SECRET, T0)).toEqual({ ok: false, reason: 'expired' });
  });

  it('will not sign with a short secret', () => {
    expect(() => signTailToken({ id: 'u', role: 'admin' }, 'short', T0)).toThrow(/at least 32/);
  });
});
