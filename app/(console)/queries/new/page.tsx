import { Suspense } from 'react';
import { NewQueryPage } from '@/components/queries/new-query-page';
import { requirePage } from '@/server/auth/page';

export const metadata = { title: 'New query · Logline' };

export default async function Page() {
  const user = await requirePage('developer');
  return (
    <Suspense>
      <NewQueryPage isAdmin={user.role === 'admin'} />
    </Suspense>
  );
}
