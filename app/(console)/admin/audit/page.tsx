import { AdminTabs } from '@/components/admin/admin-tabs';
import { AuditPage } from '@/components/admin/audit-page';
import { requirePage } from '@/server/auth/page';

export const metadata = { title: 'Audit log · Admin · Logline' };

export default async function Page() {
  await requirePage('admin');
  return (
    <>
      <AdminTabs active="/admin/audit" />
      <AuditPage />
    </>
  );
}
