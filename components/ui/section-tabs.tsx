import Link from 'next/link';

export interface SectionTab {
  href: string;
  label: string;
}

/** The pages of one console section (Alerts, Admin) as tabs; `active` is the current tab's href. */
export function SectionTabs({ label, tabs, active }: { label: string; tabs: readonly SectionTab[]; active: string }) {
  return (
    <nav aria-label={label} className="flex gap-1 border-b border-slate-200 bg-white px-6">
      {tabs.map((t) => (
        <Link
          key={t.href}
          href={t.href}
          aria-current={t.href === active ? 'page' : undefined}
          className={`-mb-px border-b-2 px-3 py-2 text-sm ${t.href === active ? 'border-indigo-600 text-indigo-700' : 'border-transparent text-slate-600 hover:text-slate-900'}`}
        >
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
