import { AlertsTabs } from '@/components/alerts/alerts-tabs';
import { RulesPage } from '@/components/alerts/rules-page';
import { requirePage } from '@/server/auth/page';

export const metadata = { title: 'Alerts · Logline' };

export default async function Page() {
  await requirePage('admin');
  return (
    <>
      <AlertsTabs active="/alerts" />
      <RulesPage />
    </>
  );
}
