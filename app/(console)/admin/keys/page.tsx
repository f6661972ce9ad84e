import { AdminTabs } from '@/components/admin/admin-tabs';
import { KeysPage } from '@/components/admin/keys-page';
import { requirePage } from '@/server/auth/page';

export const metadata = { title: 'API keys · Admin · Logline' };

export default async function Page() {
  await requirePage('admin');
  return (
    <>
      <AdminTabs active="/admin/keys" />
      <KeysPage />
    </>
  );
}
