import { Suspense } from 'react';
import { ExplorePage } from '@/components/explore/explore-page';
import { requirePage } from '@/server/auth/page';
import { getServices } from '@/server/registry';

export const metadata = { title: 'Explore · Logline' };

export default async function Page() {
  await requirePage('developer');
  const { config } = await getServices();
  // AWS mode: queries are billed Logs Insights scans, priced per GB.
  const aws = config.mode === 'aws' ? { pricePerGb: config.aws.insightsPricePerGb } : null;
  return (
    <Suspense>
      <ExplorePage aws={aws} />
    </Suspense>
  );
}
