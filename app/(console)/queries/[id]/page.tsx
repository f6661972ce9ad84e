import { QueryDetail } from '@/components/queries/query-detail';
import { requirePage } from '@/server/auth/page';
import { hasRole } from '@/server/auth/roles';

export const metadata = { title: 'Saved query · Logline' };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePage('viewer');
  const { id } = await params;
  return <QueryDetail id={id} isAdmin={user.role === 'admin'} canExplore={hasRole(user.role, 'developer')} />;
}
