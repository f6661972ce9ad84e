import { AlertsTabs } from '@/components/alerts/alerts-tabs';
import { RuleForm } from '@/components/alerts/rule-form';
import { PageHeader } from '@/components/ui/primitives';
import { RULE_KINDS, type RuleKind } from '@/lib/alerts/rules';
import { requirePage } from '@/server/auth/page';

export const metadata = { title: 'New alert rule · Logline' };

export default async function Page({ searchParams }: { searchParams: Promise<{ kind?: string }> }) {
  await requirePage('admin');
  const { kind } = await searchParams;
  const initial = (RULE_KINDS as readonly string[]).includes(kind ?? '') ? (kind as RuleKind) : 'fingerprint';
  return (
    <>
      <AlertsTabs active="/alerts" />
      <PageHeader title="New alert rule" description="Messages go to a Slack channel through an incoming webhook." />
      <div className="mx-auto max-w-4xl px-6 py-6">
        <RuleForm kind={initial} />
      </div>
    </>
  );
}
