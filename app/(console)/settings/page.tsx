import { SettingsPage } from '@/components/settings/settings-page';
import { requirePage } from '@/server/auth/page';

export const metadata = { title: 'Settings · Logline' };

export default async function Page() {
  const user = await requirePage('viewer');
  return <SettingsPage email={user.email} role={user.role} />;
}
