import { SectionTabs } from '@/components/ui/section-tabs';

const TABS = [
  { href: '/alerts', label: 'Rules' },
  { href: '/alerts/deliveries', label: 'Delivery history' },
  { href: '/alerts/storms', label: 'Storms' },
];

export function AlertsTabs({ active }: { active: string }) {
  return <SectionTabs label="Alerts" tabs={TABS} active={active} />;
}
