import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/auth/sign-in-form';
import { currentUser } from '@/server/auth/current-user';
import { homeFor } from '@/server/auth/page';
import { getServices } from '@/server/registry';

export const metadata = { title: 'Sign in · Logline' };
export const dynamic = 'force-dynamic';

/** Public: the only page without a role check. A signed-in visitor goes straight home. */
export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string; callbackUrl?: string }> }) {
  const user = await currentUser();
  if (user) redirect(homeFor(user));
  const { config } = await getServices();
  const { error } = await searchParams;
  return (
    <main className="flex min-h-full items-center justify-center bg-slate-50 px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-center gap-2 text-xl font-semibold tracking-tight text-slate-900">
          <span aria-hidden className="inline-block h-4 w-4 rounded-sm bg-indigo-600" />
          Logline
        </div>
        <SignInForm oidcName={config.oidc?.name} initialError={error} />
        {config.demo && (
          <p className="mt-4 text-center text-xs text-slate-500">
            Demo accounts are listed in the README (for example viewer@demo.logline.dev / logline-viewer).
          </p>
        )}
      </div>
    </main>
  );
}
