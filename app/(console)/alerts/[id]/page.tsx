import { AlertsTabs } from '@/components/alerts/alerts-tabs';
import { RuleDetail } from '@/components/alerts/rule-detail';
import { requirePage } from '@/server/auth/page';

export const metadata = { title: 'Alert rule · Logline' };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  await requirePage('admin');
  const { id } = await params;
  return (
    <>
      <AlertsTabs active="/alerts" />
      <RuleDetail id={id} />
    </>
  );
}
