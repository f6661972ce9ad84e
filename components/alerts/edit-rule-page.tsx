'use client';

import { ErrorNote, PageHeader } from '../ui/primitives';
import { RuleForm } from './rule-form';
import { useRule } from './use-alerts';

export function EditRulePage({ id }: { id: string }) {
  const { data, error } = useRule(id);
  return (
    <>
      <PageHeader title={data ? `Edit “${data.rule.name}”` : 'Edit alert rule'} />
      <div className="mx-auto max-w-4xl px-6 py-6">
        <ErrorNote error={error} />
        {data && <RuleForm rule={data.rule} />}
      </div>
    </>
  );
}
