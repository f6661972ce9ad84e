import { redirect } from 'next/navigation';
import { homeFor, requirePage } from '@/server/auth/page';

export default async function Home() {
  redirect(homeFor(await requirePage('viewer')));
}
