import { ExplorePage } from '@/components/explore/explore-page';

export const metadata = { title: 'Explore · Logline' };

export default function Page() {
  return <ExplorePage />;
}
