import type { ReactNode } from 'react';
import { AppShell } from '@/components/ui/app-shell';
import { requirePage } from '@/server/auth/page';

export const dynamic = 'force-dynamic';

/** Every console page needs a signed-in user; each page checks its own role too. */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requirePage('viewer');
  return <AppShell user={user}>{children}</AppShell>;
}
