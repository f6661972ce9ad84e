'use client';

import Link from 'next/link';
import type { RuleView } from '@/server/alerts/types';
import { Badge, DataTable, ErrorNote, formatTime, PageHeader } from '../ui/primitives';
import { ago, KIND_LABEL, StateBadge } from './state-badge';
import { useRules } from './use-alerts';

/** Every alert rule with its groups' states: what is alerting now is visible at a glance. */
export function RulesPage() {
  const { data, error, isPending } = useRules();
  const rules = data?.rules ?? [];
  const alerting = rules.reduce((n, r) => n + r.states.ALERT, 0);
  return (
    <div>
      <PageHeader
        title="Alerts"
        description="Slack messages when a new error appears or an old one returns, when a saved query crosses a threshold, and when a log storm is sampled. One message per burst, never hundreds."
      >
        <Link href="/alerts/new" className="rounded bg-indigo-600 px-3 py-1.5 text-sm font-medium whitespace-nowrap text-white hover:bg-indigo-700">
          New rule
        </Link>
      </PageHeader>
      <div className="mx-auto max-w-6xl space-y-4 px-6 py-6">
        <ErrorNote error={error} />
        {data && data.status.skippedEvents > 0 && (
          <p role="status" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            The alert engine skipped {data.status.skippedEvents.toLocaleString('en-US')} events while it was overloaded (ingest never waits for it); fingerprint rules may have missed some.
          </p>
        )}
        {data?.status.lastPollError && <p role="alert" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">Polling the store for new errors failed: {data.status.lastPollError}</p>}
        {data && (
          <div className="grid gap-3 sm:grid-cols-3" aria-label="Summary">
            <Summary label="Rules" value={rules.length} hint={`${rules.filter((r) => r.enabled).length} enabled`} />
            <Summary label="Alerting now" value={alerting} tone={alerting > 0 ? 'red' : 'slate'} hint={alerting > 0 ? 'groups in ALERT' : 'all clear'} />
            <Summary label="Storms sampled" value={data.storms.storms} hint={`${data.storms.sampledOut.toLocaleString('en-US')} events sampled out since start`} />
          </div>
        )}
        {isPending && <p className="text-sm text-slate-500">Loading rules…</p>}
        {data && rules.length === 0 && (
          <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-600">
            <p className="font-medium text-slate-900">No alert rules yet</p>
            <p className="mt-1">Start with “New or returning error”: it tells Slack the first time an error appears, once per burst.</p>
            <Link href="/alerts/new" className="mt-3 inline-block text-indigo-700 hover:underline">
              Create the first rule
            </Link>
          </div>
        )}
        {rules.length > 0 && (
          <DataTable headers={['Rule', 'Kind', 'State', 'Last fired', 'Webhook', '']}>
            {rules.map((r) => (
              <RuleRow key={r.id} rule={r} />
            ))}
          </DataTable>
        )}
      </div>
    </div>
  );
}

function Summary({ label, value, hint, tone = 'slate' }: { label: string; value: number; hint: string; tone?: 'slate' | 'red' }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-4 py-3">
      <div className="text-xs font-medium text-slate-500">{label}</div>
      <div className={`text-2xl font-semibold tabular-nums ${tone === 'red' ? 'text-red-700' : 'text-slate-900'}`}>{value.toLocaleString('en-US')}</div>
      <div className="text-xs text-slate-500">{hint}</div>
    </div>
  );
}

function RuleRow({ rule }: { rule: RuleView }) {
  return (
    <tr data-testid="alert-rule" className={rule.enabled ? '' : 'text-slate-400'}>
      <td className="px-3 py-2">
        <Link href={`/alerts/${rule.id}`} className="font-medium text-slate-900 hover:text-indigo-700 hover:underline">
          {rule.name}
        </Link>
        {rule.lastError && rule.enabled && <p className="mt-0.5 text-xs text-red-700">{rule.lastError}</p>}
      </td>
      <td className="px-3 py-2 text-slate-600">{KIND_LABEL[rule.kind]}</td>
      <td className="px-3 py-2">
        <div className="flex flex-wrap gap-1">
          {!rule.enabled && <Badge>Disabled</Badge>}
          {rule.snoozed && <Badge tone="indigo">Snoozed until {formatTime(rule.snoozedUntil)}</Badge>}
          {rule.states.ALERT > 0 && <StateBadge state="ALERT" count={rule.states.ALERT} />}
          {rule.states.NO_DATA > 0 && <StateBadge state="NO_DATA" count={rule.states.NO_DATA} />}
          {rule.enabled && rule.states.ALERT === 0 && rule.states.NO_DATA === 0 && <StateBadge state="OK" />}
          {rule.suppressed > 0 && <Badge tone="amber">{rule.suppressed} suppressed</Badge>}
        </div>
      </td>
      <td className="px-3 py-2 text-slate-600" title={rule.lastFiredAt ? formatTime(rule.lastFiredAt) : undefined}>
        {ago(rule.lastFiredAt)}
      </td>
      <td className="max-w-[16rem] truncate px-3 py-2 font-mono text-xs text-slate-500" title={rule.webhook}>
        {rule.webhook}
      </td>
      <td className="px-3 py-2 text-right">
        <Link href={`/alerts/${rule.id}/edit`} className="text-sm text-indigo-700 hover:underline">
          Edit
        </Link>
      </td>
    </tr>
  );
}
