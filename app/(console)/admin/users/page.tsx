import { AdminTabs } from '@/components/admin/admin-tabs';
import { UsersPage } from '@/components/admin/users-page';
import { requirePage } from '@/server/auth/page';

export const metadata = { title: 'Users · Admin · Logline' };

export default async function Page() {
  const user = await requirePage('admin');
  return (
    <>
      <AdminTabs active="/admin/users" />
      <UsersPage currentUserId={user.id} />
    </>
  );
}
