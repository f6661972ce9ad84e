import { DashboardList } from '@/components/dashboards/dashboard-list';
import { requirePage } from '@/server/auth/page';
import { hasRole } from '@/server/auth/roles';

export const metadata = { title: 'Dashboards · Logline' };

export default async function Page() {
  const user = await requirePage('viewer');
  return <DashboardList canCreate={hasRole(user.role, 'developer')} />;
}
