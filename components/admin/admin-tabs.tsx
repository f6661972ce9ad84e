import { SectionTabs } from '@/components/ui/section-tabs';

const TABS = [
  { href: '/admin/users', label: 'Users' },
  { href: '/admin/keys', label: 'API keys' },
  { href: '/admin/audit', label: 'Audit log' },
];

export function AdminTabs({ active }: { active: string }) {
  return <SectionTabs label="Admin" tabs={TABS} active={active} />;
}
