import { DashboardView } from '@/components/dashboards/dashboard-view';
import { requirePage } from '@/server/auth/page';
import { hasRole } from '@/server/auth/roles';

export const metadata = { title: 'Dashboard · Logline' };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePage('viewer');
  const { id } = await params;
  return <DashboardView id={id} canEdit={hasRole(user.role, 'developer')} canExplore={hasRole(user.role, 'developer')} />;
}
