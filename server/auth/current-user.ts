import { getServerSession } from 'next-auth';
import { findUser } from '../meta/users';
import { getServices } from '../registry';
import { presentedKey } from './api-keys';
import { buildAuthOptions } from './options';
import type { Role } from './roles';

/** Who is calling, as every route and page sees it: always read fresh, so a role change or a disable takes effect at once. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** How they proved it: a browser session or a personal token. */
  via: 'session' | 'token';
}

/**
 * The signed-in user: from a personal token (`Authorization: Bearer lt_…`, for the CLI) or from the
 * next-auth session cookie. Null when nobody valid is signed in (unknown, revoked or disabled).
 */
export async function currentUser(req?: Request): Promise<SessionUser | null> {
  const services = await getServices();
  const bearer = req ? presentedKey(req.headers) : null;
  let userId: string | undefined;
  let via: SessionUser['via'] = 'session';
  if (bearer?.startsWith('lt_')) {
    userId = services.keys.verify(bearer, 'token')?.userId ?? undefined;
    via = 'token';
    if (!userId) return null;
  } else {
    const session = await getServerSession(buildAuthOptions(services));
    userId = (session?.user as { id?: string } | undefined)?.id;
  }
  if (!userId) return null;
  const user = await findUser(services.meta, userId);
  if (!user || user.disabled) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role, via };
}
