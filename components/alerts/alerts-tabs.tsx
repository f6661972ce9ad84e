import Link from 'next/link';

const TABS = [
  { href: '/alerts', label: 'Rules' },
  { href: '/alerts/deliveries', label: 'Delivery history' },
  { href: '/alerts/storms', label: 'Storms' },
];

export function AlertsTabs({ active }: { active: string }) {
  return (
    <nav aria-label="Alerts" className="flex gap-1 border-b border-slate-200 bg-white px-6">
      {TABS.map((t) => (
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
