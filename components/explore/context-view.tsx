'use client';

import { print } from '@/lib/query';
import { contextQuery } from '@/lib/query/derive';
import { Button } from '../ui/primitives';
import { useAwsMode } from './aws-cost';
import { LevelBadge } from './level-badge';
import { parseResultTime, type Row } from '@/lib/charts/result-shape';
import { useRunQuery } from './use-explore-data';

/** The events just before and after one event in the same stream, whatever the query filtered. */
export function ContextView({ row, onBack }: { row: Row; onBack: () => void }) {
  const stream = String(row['@logStream'] ?? '');
  const at = parseResultTime(row['@timestamp']) ?? 0;
  // AWS mode: two billed scans, so an hour either side in the event's own source, not a fortnight of all.
  const aws = useAwsMode();
  const source = typeof row['@log'] === 'string' ? row['@log'] : null;
  const span = aws ? 3_600_000 : 7 * 86_400_000;
  const range = { start: at - span, end: at + span };
  const scope = aws && source ? [source] : [];
  const before = useRunQuery(print(contextQuery(stream, at, 'before', 25)), range, scope);
  const after = useRunQuery(print(contextQuery(stream, at, 'after', 25)), range, scope);
  const rows = [...(before.data?.rows ?? []).slice().reverse(), ...(after.data?.rows ?? [])];
  return (
    <aside aria-label="Event in context" className="flex h-full w-[34rem] shrink-0 flex-col border-l border-slate-200 bg-white">
      <div className="flex items-center gap-2 border-b border-slate-200 px-3 py-2 text-xs">
        <Button variant="ghost" onClick={onBack}>← Details</Button>
        <span className="truncate text-slate-500">
          Stream <span className="font-mono text-slate-800">{stream}</span>
          {aws && <> · within an hour{scope.length ? <>, in <span className="font-mono text-slate-800">{scope[0]}</span></> : null}</>}
        </span>
      </div>
      <ol className="min-h-0 flex-1 overflow-auto font-mono text-xs" data-testid="context-events">
        {(before.isPending || after.isPending) && <li className="p-3 text-slate-500">Loading the stream…</li>}
        {rows.map((r, i) => {
          const isIt = r['@timestamp'] === row['@timestamp'] && r['@message'] === row['@message'];
          return (
            <li key={i} className={`flex gap-2 border-b border-slate-100 px-3 py-1 ${isIt ? 'bg-amber-50 ring-1 ring-amber-300 ring-inset' : ''}`}>
              <span className="shrink-0 text-slate-500">{String(r['@timestamp'] ?? '').slice(11)}</span>
              {typeof r.level === 'string' && <LevelBadge level={r.level} />}
              <span className="min-w-0 flex-1 break-all text-slate-800">{String(r.message ?? r['@message'] ?? '')}</span>
            </li>
          );
        })}
      </ol>
    </aside>
  );
}
