import { redirect } from 'next/navigation';
import { currentUser, type SessionUser } from './current-user';
import { hasRole, type Role } from './roles';

/**
 * The first line of every page: who is looking, checked on the server. Not signed in → the
 * sign-in page; signed in without the role → a page that says which role is needed.
 */
export async function requirePage(role: Role): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect('/signin');
  if (!hasRole(user.role, role)) redirect(`/forbidden?need=${role}`);
  return user;
}

/** Where a signed-in user lands: viewers cannot browse raw events, so they start at the dashboards. */
export function homeFor(user: SessionUser): string {
  return hasRole(user.role, 'developer') ? '/explore' : '/dashboards';
}
