import { TailPage } from '@/components/tail/tail-page';
import { requirePage } from '@/server/auth/page';

export const metadata = { title: 'Live tail · Logline' };

export default async function Page() {
  await requirePage('developer');
  return <TailPage />;
}
