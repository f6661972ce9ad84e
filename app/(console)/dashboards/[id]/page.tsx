import { DashboardView } from '@/components/dashboards/dashboard-view';
import { requirePage } from '@/server/auth/page';
import { hasRole } from '@/server/auth/roles';
import { getDashboard } from '@/server/meta/dashboards';
import { isServiceError } from '@/server/meta/errors';
import { getServices } from '@/server/registry';

export const metadata = { title: 'Dashboard · Logline' };

/** The dashboard's definition comes with the page, so its panels start fetching as soon as it hydrates. */
export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePage('viewer');
  const { id } = await params;
  const { meta } = await getServices();
  const initial = await getDashboard(meta, user, id).catch((error: unknown) => {
    if (isServiceError(error)) return undefined;
    throw error;
  });
  return <DashboardView id={id} initial={initial} canEdit={hasRole(user.role, 'developer')} canExplore={hasRole(user.role, 'developer')} />;
}
