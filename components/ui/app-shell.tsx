import Link from 'next/link';
import type { ReactNode } from 'react';

const NAV = [{ href: '/explore', label: 'Explore' }];

export function AppShell({ children }: { children: ReactNode }) {
  return (
    <div className="flex h-full flex-col">
      <header className="flex h-12 shrink-0 items-center gap-6 border-b border-slate-200 bg-white px-4">
        <Link href="/explore" className="flex items-center gap-2 font-semibold tracking-tight text-slate-900">
          <span aria-hidden className="inline-block h-3 w-3 rounded-sm bg-indigo-600" />
          Logline
        </Link>
        <nav className="flex gap-1 text-sm" aria-label="Main">
          {NAV.map((item) => (
            <Link key={item.href} href={item.href} className="rounded px-2 py-1 text-slate-600 hover:bg-slate-100 hover:text-slate-900">
              {item.label}
            </Link>
          ))}
        </nav>
      </header>
      <main className="min-h-0 flex-1">{children}</main>
    </div>
  );
}
