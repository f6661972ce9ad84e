'use client';

import { DataTable, ErrorNote, formatTime, PageHeader } from '../ui/primitives';
import { useAudit } from './use-admin';

/** Who changed what: users, keys and saved queries. Written in the same transaction as the change. */
export function AuditPage() {
  const audit = useAudit();
  return (
    <div>
      <PageHeader title="Audit log" description="Every change to users, keys and saved queries, newest first." />
      <div className="mx-auto max-w-5xl px-6 py-6">
        <ErrorNote error={audit.error} />
        <DataTable headers={['When', 'Who', 'What', 'Details']}>
          {audit.data?.map((e) => (
            <tr key={e.id} data-testid="audit-row">
              <td className="px-3 py-2 whitespace-nowrap text-slate-600">{formatTime(e.at)}</td>
              <td className="px-3 py-2">{e.actorEmail ?? 'system'}</td>
              <td className="px-3 py-2 font-mono text-xs">{e.action}</td>
              <td className="max-w-md truncate px-3 py-2 font-mono text-xs text-slate-600" title={JSON.stringify(e.detail)}>
                {JSON.stringify(e.detail)}
              </td>
            </tr>
          ))}
        </DataTable>
      </div>
    </div>
  );
}
