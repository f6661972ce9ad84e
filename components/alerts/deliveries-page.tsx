'use client';

import type { DeliveryView } from '@/server/alerts/types';
import { Badge, DataTable, ErrorNote, formatTime, PageHeader } from '../ui/primitives';
import { useDeliveries } from './use-alerts';

/** Every message Logline tried to send, with how it went. */
export function DeliveriesPage() {
  const { data, error, isPending } = useDeliveries();
  const failed = (data ?? []).filter((d) => d.status === 'failed').length;
  return (
    <div>
      <PageHeader title="Delivery history" description={`The last 300 messages to Slack: each is tried up to 4 times with backoff (a 429's Retry-After is honoured), 10 s per attempt.${failed ? ` ${failed} failed.` : ''}`} />
      <div className="mx-auto max-w-6xl space-y-4 px-6 py-6">
        <ErrorNote error={error} />
        {isPending ? <p className="text-sm text-slate-500">Loading…</p> : <DeliveryTable deliveries={data ?? []} showRule />}
      </div>
    </div>
  );
}

const KIND_TONE = { alert: 'red', update: 'amber', resolve: 'green', storm: 'indigo', test: 'slate', suppressed: 'slate' } as const;

export function DeliveryTable({ deliveries, showRule }: { deliveries: DeliveryView[]; showRule: boolean }) {
  if (deliveries.length === 0) return <p className="rounded border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">No messages sent yet.</p>;
  return (
    <DataTable headers={['Sent', ...(showRule ? ['Rule'] : []), 'Kind', 'Message', 'Result']}>
      {deliveries.map((d) => (
        <tr key={d.id} data-testid="delivery" className="align-top">
          <td className="px-3 py-2 whitespace-nowrap text-slate-600">{formatTime(d.createdAt)}</td>
          {showRule && <td className="px-3 py-2">{d.ruleName}</td>}
          <td className="px-3 py-2">
            <Badge tone={KIND_TONE[d.kind]}>{d.kind}</Badge>
          </td>
          {/* The fallback text as sent (mrkdwn-escaped); shown as plain text. */}
          <td className="max-w-lg px-3 py-2 break-words text-slate-700">{unescape(d.summary)}</td>
          <td className="px-3 py-2 whitespace-nowrap">
            {d.status === 'sent' && <span className="text-emerald-700">Sent{d.attempts > 1 ? ` (attempt ${d.attempts})` : ''}</span>}
            {d.status === 'sending' && <span className="text-slate-500">Sending…</span>}
            {d.status === 'failed' && (
              <span className="block max-w-xs whitespace-normal text-red-700">
                Failed{d.httpStatus ? ` (${d.httpStatus})` : ''}: {d.error}
              </span>
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

/** The summary is mrkdwn-escaped for Slack; React escapes again for the page. */
function unescape(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
