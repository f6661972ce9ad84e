import { Suspense } from 'react';
import { ExplorePage } from '@/components/explore/explore-page';
import { requirePage } from '@/server/auth/page';

export const metadata = { title: 'Explore · Logline' };

export default async function Page() {
  await requirePage('developer');
  return (
    <Suspense>
      <ExplorePage />
    </Suspense>
  );
}
