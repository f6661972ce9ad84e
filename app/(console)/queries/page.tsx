import { LibraryPage } from '@/components/queries/library-page';
import { requirePage } from '@/server/auth/page';
import { hasRole } from '@/server/auth/roles';

export const metadata = { title: 'Queries · Logline' };

export default async function Page() {
  const user = await requirePage('viewer');
  return <LibraryPage canCreate={hasRole(user.role, 'developer')} />;
}
