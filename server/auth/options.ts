import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import type { Services } from '../registry';
import { createUser, findUserForSignIn, recordLogin } from '../meta/users';
import { roleForEmail } from './oidc';
import { verifyPassword } from './passwords';

const credentialsSchema = z.object({ email: z.string().trim().toLowerCase().max(254), password: z.string().max(200) });

/** next-auth configuration: local users with passwords, plus an OIDC provider when configured. */
export function buildAuthOptions(services: Services): NextAuthOptions {
  const { meta, config, signInLimits } = services;
  const providers: NextAuthOptions['providers'] = [
    CredentialsProvider({
      id: 'credentials',
      name: 'E-mail and password',
      credentials: { email: { label: 'E-mail', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(raw, req) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        const forwarded = req?.headers?.['x-forwarded-for'];
        const ip = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim() ?? 'local';
        const wait = Math.max(signInLimits.email.retryAfter([email]), signInLimits.address.retryAfter([ip]));
        if (wait > 0) throw new Error(`Too many failed sign-ins. Try again in ${Math.ceil(wait / 60)} minute${wait > 60 ? 's' : ''}.`);
        const found = await findUserForSignIn(meta, email);
        const ok = found?.passwordHash ? await verifyPassword(password, found.passwordHash) : false;
        if (!found || !ok) {
          signInLimits.email.fail([email]);
          signInLimits.address.fail([ip]);
          return null;
        }
        if (found.user.disabled) throw new Error('This account is disabled. Ask an admin to enable it.');
        signInLimits.email.succeed([email]);
        await recordLogin(meta, found.user.id);
        return { id: found.user.id, email: found.user.email, name: found.user.name };
      },
    }),
  ];
  const oidc = config.oidc;
  if (oidc) {
    providers.push({
      id: 'oidc',
      name: oidc.name,
      type: 'oauth',
      wellKnown: `${oidc.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
      authorization: { params: { scope: 'openid email profile' } },
      idToken: true,
      checks: ['pkce', 'state'],
      clientId: oidc.clientId,
      clientSecret: oidc.clientSecret,
      profile: (p: { sub: string; email?: string; name?: string }) => ({ id: p.sub, email: p.email ?? null, name: p.name ?? p.email ?? p.sub }),
    });
  }

  return {
    secret: services.authSecret,
    session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
    pages: { signIn: '/signin', error: '/signin' },
    providers,
    callbacks: {
      async signIn({ user, account }) {
        if (account?.provider !== 'oidc') return true;
        if (!user.email || !oidc) return '/signin?error=NoEmail';
        const existing = await findUserForSignIn(meta, user.email);
        if (existing?.user.disabled) return '/signin?error=Disabled';
        if (!existing) await createUser(meta, { email: user.email, name: user.name ?? undefined, role: roleForEmail(oidc.roleMap, user.email) }, null);
        return true;
      },
      async jwt({ token, user, account }) {
        if (user && account?.provider === 'oidc' && user.email) {
          const found = await findUserForSignIn(meta, user.email);
          if (found) token.sub = found.user.id;
        } else if (user) {
          token.sub = user.id;
        }
        return token;
      },
      session({ session, token }) {
        // Only the id matters: every request reads the user's current role from the store.
        return { ...session, user: { ...session.user, id: token.sub } };
      },
    },
  };
}
