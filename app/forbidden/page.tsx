import Link from 'next/link';
import { isRole, ROLE_DESCRIPTIONS } from '@/server/auth/roles';

export const metadata = { title: 'Not allowed · Logline' };

export default async function Forbidden({ searchParams }: { searchParams: Promise<{ need?: string }> }) {
  const { need } = await searchParams;
  const role = isRole(need) ? need : undefined;
  return (
    <main className="mx-auto mt-24 max-w-md rounded-lg border border-slate-200 bg-white p-8 text-sm text-slate-700 shadow-sm">
      <h1 className="mb-2 text-lg font-semibold text-slate-900">You need more access for that page</h1>
      <p className="mb-4">
        {role ? (
          <>
            It needs the <strong>{role}</strong> role ({ROLE_DESCRIPTIONS[role]}).
          </>
        ) : (
          'Your role does not include it.'
        )}{' '}
        Ask an admin to change your role.
      </p>
      <Link href="/queries" className="text-indigo-700 underline">
        Go to the query library
      </Link>
    </main>
  );
}
