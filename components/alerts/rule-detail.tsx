'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { GroupView, RuleView } from '@/server/alerts/types';
import { Badge, Button, DataTable, ErrorNote, formatTime, PageHeader, Select } from '../ui/primitives';
import { DeliveryTable } from './deliveries-page';
import { ago, KIND_LABEL, StateBadge } from './state-badge';
import { useDeleteRule, useDeliveries, useEvaluate, useRule, useSnooze } from './use-alerts';

const SNOOZES = [
  { label: '1 hour', ms: 3_600_000 },
  { label: '4 hours', ms: 4 * 3_600_000 },
  { label: '1 day', ms: 86_400_000 },
  { label: '1 week', ms: 7 * 86_400_000 },
];

/** One rule: its groups and their state, snoozes, and the messages it sent. */
export function RuleDetail({ id }: { id: string }) {
  const { data, error } = useRule(id);
  const deliveries = useDeliveries(id);
  const snooze = useSnooze(id);
  const evaluate = useEvaluate(id);
  const remove = useDeleteRule();
  const router = useRouter();
  if (error) return <div className="p-6"><ErrorNote error={error} /></div>;
  if (!data) return <p className="p-6 text-sm text-slate-500">Loading…</p>;
  const { rule, groups } = data;
  return (
    <div>
      <PageHeader title={rule.name} description={<RuleSummary rule={rule} />}>
        {rule.kind === 'threshold' && (
          <Button onClick={() => evaluate.mutate()} disabled={evaluate.isPending}>
            Evaluate now
          </Button>
        )}
        {rule.snoozed ? (
          <Button onClick={() => snooze.mutate({ until: null })}>Unsnooze</Button>
        ) : (
          <Select aria-label="Snooze rule" className="w-36" value="" onChange={(e) => e.target.value && snooze.mutate({ until: Date.now() + Number(e.target.value) })}>
            <option value="">Snooze…</option>
            {SNOOZES.map((s) => (
              <option key={s.ms} value={s.ms}>
                for {s.label}
              </option>
            ))}
          </Select>
        )}
        <Link href={`/alerts/${rule.id}/edit`} className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50">
          Edit
        </Link>
        <Button variant="danger" onClick={() => window.confirm(`Delete “${rule.name}”? Its state and history go too; past Slack messages stay.`) && remove.mutate(rule.id, { onSuccess: () => router.push('/alerts') })}>
          Delete
        </Button>
      </PageHeader>
      <div className="mx-auto max-w-6xl space-y-6 px-6 py-6">
        <ErrorNote error={snooze.error ?? evaluate.error ?? remove.error} />
        {rule.lastError && <p role="alert" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">{rule.lastError}</p>}
        <section aria-label="Groups">
          <h2 className="mb-2 text-sm font-semibold text-slate-700">
            {rule.kind === 'fingerprint' ? 'Fingerprints' : rule.kind === 'threshold' ? 'Groups' : 'Storms'} <span className="font-normal text-slate-500">({groups.length})</span>
          </h2>
          {groups.length === 0 ? (
            <p className="rounded border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">{EMPTY[rule.kind]}</p>
          ) : (
            <DataTable headers={['State', rule.kind === 'threshold' ? 'Group' : 'Message', rule.kind === 'threshold' ? 'Value' : 'Events', 'Since', 'Last seen', '']}>
              {groups.map((g) => (
                <GroupRow key={g.key} group={g} onSnooze={(until) => snooze.mutate({ until, group: g.key })} />
              ))}
            </DataTable>
          )}
        </section>
        <section aria-label="Messages sent">
          <h2 className="mb-2 text-sm font-semibold text-slate-700">Messages sent</h2>
          <DeliveryTable deliveries={deliveries.data ?? []} showRule={false} />
        </section>
      </div>
    </div>
  );
}

const EMPTY = {
  fingerprint: 'No matching errors yet. The first event of a new fingerprint alerts at once.',
  threshold: 'Not evaluated yet: the query runs once per window (or use “Evaluate now”).',
  storm: 'No storm since this rule was created.',
} as const;

function RuleSummary({ rule }: { rule: RuleView }) {
  const parts: string[] = [KIND_LABEL[rule.kind]];
  if (rule.kind === 'fingerprint') parts.push(`events where ${rule.filter}`, `alerts again after ${dur(rule.quietSeconds)} quiet`, `resolves after ${dur(rule.resolveAfterSeconds)}`);
  if (rule.kind === 'threshold') parts.push(`${rule.savedQueryName ?? 'deleted query'}: ${rule.measure}${rule.column ? ` of ${rule.column}` : ''} ${rule.comparator} ${rule.threshold}`, `${rule.n} of the last ${rule.m} windows of ${dur(rule.windowSeconds)}`);
  if (rule.sources.length) parts.push(`sources ${rule.sources.join(', ')}`);
  parts.push(`at most ${rule.maxMessagesPerMinute} messages a minute`);
  return (
    <span>
      {parts.join(' · ')}
      {rule.snoozed && <span className="ml-2"><Badge tone="indigo">Snoozed until {formatTime(rule.snoozedUntil)}</Badge></span>}
      {!rule.enabled && <span className="ml-2"><Badge>Disabled</Badge></span>}
      <span className="ml-2 font-mono text-xs">{rule.webhook}</span>
    </span>
  );
}

function dur(s: number): string {
  return s % 86_400 === 0 ? `${s / 86_400} d` : s % 3600 === 0 ? `${s / 3600} h` : s % 60 === 0 ? `${s / 60} min` : `${s} s`;
}

function GroupRow({ group: g, onSnooze }: { group: GroupView; onSnooze: (until: number | null) => void }) {
  const [open, setOpen] = useState(false);
  const snoozed = (g.snoozedUntil ?? 0) > Date.now();
  return (
    <>
      <tr data-testid="alert-group" className="align-top">
        <td className="px-3 py-2">
          <StateBadge state={g.state} />
        </td>
        <td className="max-w-xl px-3 py-2">
          <button type="button" className="text-left font-medium break-words text-slate-900 hover:text-indigo-700" onClick={() => setOpen(!open)} aria-expanded={open}>
            {g.label}
          </button>
          <div className="mt-0.5 flex flex-wrap gap-2 text-xs text-slate-500">
            {g.source && <span>{g.source}</span>}
            {g.level && <span>{g.level}</span>}
            {g.detail && <span>{g.detail}</span>}
            {g.history && <History history={g.history} />}
            {snoozed && <Badge tone="indigo">snoozed until {formatTime(g.snoozedUntil)}</Badge>}
          </div>
        </td>
        <td className="px-3 py-2 tabular-nums">{(g.count ?? g.value)?.toLocaleString('en-US', { maximumFractionDigits: 2 }) ?? '—'}</td>
        <td className="px-3 py-2 whitespace-nowrap text-slate-600" title={formatTime(g.since)}>{ago(g.since)}</td>
        <td className="px-3 py-2 whitespace-nowrap text-slate-600">{ago(g.lastSeen)}</td>
        <td className="px-3 py-2 text-right whitespace-nowrap">
          {g.exploreUrl && (
            <a href={explorePath(g.exploreUrl)} className="mr-3 text-sm text-indigo-700 hover:underline">
              Explore
            </a>
          )}
          <button type="button" className="text-sm text-slate-600 hover:text-slate-900" onClick={() => onSnooze(snoozed ? null : Date.now() + 3_600_000)}>
            {snoozed ? 'Unsnooze' : 'Snooze 1 h'}
          </button>
        </td>
      </tr>
      {open && g.sample && (
        <tr>
          <td />
          <td colSpan={5} className="px-3 pb-3">
            <div className="text-xs text-slate-500">Sample · {formatTime(g.sample.timestamp)} · stream {g.sample.stream}</div>
            {/* Rendered as text: log content never becomes markup. */}
            <pre className="mt-1 max-h-64 overflow-auto rounded bg-slate-900 p-3 font-mono text-xs whitespace-pre-wrap text-slate-100">{g.sample.message}</pre>
          </td>
        </tr>
      )}
    </>
  );
}

/** Explore links in messages use the public URL; in the console, stay on this origin. */
function explorePath(url: string): string {
  try {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  } catch {
    return '/explore';
  }
}

function History({ history }: { history: (boolean | null)[] }) {
  return (
    <span role="img" className="inline-flex items-center gap-0.5" aria-label={`last windows, oldest first: ${history.map((h) => (h === null ? 'no data' : h ? 'breached' : 'ok')).join(', ')}`}>
      {/* Shape says it too, not only colour: ✕ breached, ✓ ok, – no data. */}
      {history.map((h, i) => (
        <span key={i} aria-hidden className={`inline-flex h-3.5 w-3.5 items-center justify-center rounded-sm text-[9px] leading-none font-bold ${h === null ? 'bg-slate-200 text-slate-500' : h ? 'bg-red-500 text-white' : 'bg-emerald-500 text-white'}`}>
          {h === null ? '–' : h ? '✕' : '✓'}
        </span>
      ))}
    </span>
  );
}
