import { AlertsTabs } from '@/components/alerts/alerts-tabs';
import { EditRulePage } from '@/components/alerts/edit-rule-page';
import { requirePage } from '@/server/auth/page';

export const metadata = { title: 'Edit alert rule · Logline' };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  await requirePage('admin');
  const { id } = await params;
  return (
    <>
      <AlertsTabs active="/alerts" />
      <EditRulePage id={id} />
    </>
  );
}
