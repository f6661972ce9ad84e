import { AlertsTabs } from '@/components/alerts/alerts-tabs';
import { DeliveriesPage } from '@/components/alerts/deliveries-page';
import { requirePage } from '@/server/auth/page';

export const metadata = { title: 'Delivery history · Alerts · Logline' };

export default async function Page() {
  await requirePage('admin');
  return (
    <>
      <AlertsTabs active="/alerts/deliveries" />
      <DeliveriesPage />
    </>
  );
}
