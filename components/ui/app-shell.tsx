import Link from 'next/link';
import type { ReactNode } from 'react';
import type { SessionUser } from '@/server/auth/current-user';
import { hasRole, type Role } from '@/lib/auth/roles';
import { NavLink } from './nav-link';
import { SignOutButton } from './sign-out-button';

const NAV: { href: string; label: string; role: Role }[] = [
  { href: '/dashboards', label: 'Dashboards', role: 'viewer' },
  { href: '/usage', label: 'Usage', role: 'viewer' },
  { href: '/explore', label: 'Explore', role: 'developer' },
  { href: '/tail', label: 'Live tail', role: 'developer' },
  { href: '/queries', label: 'Queries', role: 'viewer' },
  { href: '/alerts', label: 'Alerts', role: 'admin' },
  { href: '/admin/users', label: 'Admin', role: 'admin' },
];

export function AppShell({ user, children }: { user: SessionUser; children: ReactNode }) {
  return (
    <div className="flex h-full flex-col">
      <header className="flex h-12 shrink-0 items-center gap-6 border-b border-slate-200 bg-white px-4">
        <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight text-slate-900">
          <span aria-hidden className="inline-block h-3 w-3 rounded-sm bg-indigo-600" />
          Logline
        </Link>
        <nav className="flex gap-1 text-sm" aria-label="Main">
          {NAV.filter((item) => hasRole(user.role, item.role)).map((item) => (
            <NavLink key={item.href} href={item.href}>
              {item.label}
            </NavLink>
          ))}
        </nav>
        <div className="ml-auto flex items-center gap-3 text-sm">
          <Link href="/settings" className="text-slate-600 hover:text-slate-900" data-testid="current-user">
            {user.name} <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">{user.role}</span>
          </Link>
          <SignOutButton />
        </div>
      </header>
      <main className="min-h-0 flex-1 overflow-auto">{children}</main>
    </div>
  );
}
