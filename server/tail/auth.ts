import type { IncomingMessage } from 'node:http';
import { decode } from 'next-auth/jwt';
import { findUser } from '../meta/users';
import type { Services } from '../registry';
import type { SessionUser } from '../auth/current-user';

const SESSION_COOKIES = ['__Secure-next-auth.session-token', 'next-auth.session-token'];

function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

/**
 * Who opens a WebSocket: a personal token (`Authorization: Bearer lt_…`, for the CLI) or the
 * browser's next-auth session cookie, checked on the upgrade request before any frame is read.
 */
export async function authenticateUpgrade(req: IncomingMessage, services: Services): Promise<SessionUser | null> {
  const auth = req.headers.authorization;
  let userId: string | undefined;
  let via: SessionUser['via'] = 'session';
  const bearer = auth && /^Bearer\s+(lt_\S+)$/i.exec(auth.trim())?.[1];
  if (bearer) {
    userId = services.keys.verify(bearer, 'token')?.userId ?? undefined;
    via = 'token';
  } else {
    const token = SESSION_COOKIES.map((name) => cookie(req.headers.cookie, name)).find(Boolean);
    if (token) {
      const jwt = await decode({ token, secret: services.authSecret }).catch(() => null);
      userId = typeof jwt?.sub === 'string' ? jwt.sub : undefined;
    }
  }
  if (!userId) return null;
  const user = await findUser(services.meta, userId);
  if (!user || user.disabled) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role, via };
}
