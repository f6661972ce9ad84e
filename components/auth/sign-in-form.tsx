'use client';

import { signIn } from 'next-auth/react';
import { useEffect, useState, type FormEvent } from 'react';

const ERRORS: Record<string, string> = {
  CredentialsSignin: 'That e-mail and password do not match. Check both and try again.',
  Disabled: 'This account is disabled. Ask an admin to enable it.',
  NoEmail: 'Your identity provider did not share an e-mail address, so Logline cannot give you a role.',
  SessionRequired: 'Sign in to continue.',
};

export function SignInForm({ oidcName, initialError }: { oidcName?: string; initialError?: string }) {
  const [error, setError] = useState(initialError ? (ERRORS[initialError] ?? initialError) : '');
  const [busy, setBusy] = useState(false);
  // Until React has hydrated, a click would submit the form natively; keep the button off till then.
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError('');
    const res = await signIn('credentials', { email: form.get('email'), password: form.get('password'), redirect: false });
    setBusy(false);
    if (res?.ok && !res.error) window.location.assign('/');
    else setError(ERRORS[res?.error ?? ''] ?? res?.error ?? 'Sign-in failed; try again.');
  }

  return (
    <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="mb-4 text-base font-semibold text-slate-900">Sign in</h1>
      <form method="post" action="/signin" onSubmit={(e) => void submit(e)} className="space-y-3">
        <label className="block text-sm">
          <span className="mb-1 block text-slate-700">E-mail</span>
          <input name="email" type="email" required autoComplete="username" className="w-full rounded border border-slate-300 px-3 py-2 text-sm focus:border-indigo-500 focus:ring-2 focus:ring-indigo-200 focus:outline-none" />
        </label>
        <label className="block text-sm">
          <span className="mb-1 block text-slate-700">Password</span>
          <input name="password" type="password" required autoComplete="current-password" className="w-full rounded border border-slate-300 px-3 py-2 text-sm focus:border-indigo-500 focus:ring-2 focus:ring-indigo-200 focus:outline-none" />
        </label>
        {error && (
          <p role="alert" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy || !ready} className="w-full rounded bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-60">
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {oidcName && (
        <button type="button" onClick={() => void signIn('oidc', { callbackUrl: '/' })} className="mt-3 w-full rounded border border-slate-300 px-3 py-2 text-sm text-slate-700 hover:bg-slate-50">
          Continue with {oidcName}
        </button>
      )}
    </div>
  );
}
