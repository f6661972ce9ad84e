import { Suspense } from 'react';
import { TracePage } from '@/components/trace/trace-page';
import { requirePage } from '@/server/auth/page';

export const metadata = { title: 'Trace · Logline' };

export default async function Page() {
  await requirePage('developer');
  return (
    <Suspense>
      <TracePage />
    </Suspense>
  );
}
