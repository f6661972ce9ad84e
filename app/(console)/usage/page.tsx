import { Suspense } from 'react';
import { UsagePage } from '@/components/usage/usage-page';
import { requirePage } from '@/server/auth/page';

export const metadata = { title: 'Feature adoption · Logline' };

export default async function Page() {
  const user = await requirePage('viewer');
  return (
    <Suspense>
      <UsagePage role={user.role} />
    </Suspense>
  );
}
