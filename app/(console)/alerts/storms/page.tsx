import { AlertsTabs } from '@/components/alerts/alerts-tabs';
import { StormsPage } from '@/components/alerts/storms-page';
import { requirePage } from '@/server/auth/page';

export const metadata = { title: 'Storms · Alerts · Logline' };

export default async function Page() {
  await requirePage('admin');
  return (
    <>
      <AlertsTabs active="/alerts/storms" />
      <StormsPage />
    </>
  );
}
