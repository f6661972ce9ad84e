'use client';

import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { describeRange, PRESETS, resolveRange } from '@/lib/time/range';
import { api } from '../api/client';
import { QueryFacts } from '../explore/query-facts';
import { ResultsTable } from '../explore/results-table';
import { parse } from '@/lib/query';
import { StatsChart } from '../charts/stats-chart';
import type { QueryResponse } from '../explore/use-explore-data';
import { Button, ErrorNote, Select } from '../ui/primitives';

/** Run a saved query over a chosen range; results as a chart (for stats) and a table. */
export function RunPanel({ id, ql }: { id: string; ql: string }) {
  const query = useMemo(() => { const r = parse(ql); return r.ok ? r.query : null; }, [ql]);
  const isStats = query?.commands.some((c) => c.kind === 'stats') ?? false;
  const [last, setLast] = useState('7d');
  const [runAt, setRunAt] = useState<number | null>(null);
  const range = useMemo(() => (runAt ? resolveRange({ kind: 'relative', last }, runAt) : null), [last, runAt]);
  const result = useQuery({
    queryKey: ['saved-query-run', id, range?.start, range?.end],
    queryFn: ({ signal }) => api<QueryResponse>(`/api/saved-queries/${encodeURIComponent(id)}/run`, { method: 'POST', body: range, signal }),
    enabled: range !== null,
    retry: false,
  });
  return (
    <section aria-label="Run" className="rounded-lg border border-slate-200 bg-white">
      <div className="flex items-center gap-2 border-b border-slate-200 px-4 py-2">
        <Select aria-label="Run over" value={last} onChange={(e) => setLast(e.target.value)} className="w-44 text-sm">
          {PRESETS.map((p) => (
            <option key={p} value={p}>
              {describeRange({ kind: 'relative', last: p })}
            </option>
          ))}
        </Select>
        <Button variant="primary" onClick={() => setRunAt(Date.now())} disabled={result.isFetching}>
          {result.isFetching ? 'Running…' : 'Run'}
        </Button>
        {result.data && <QueryFacts result={result.data} />}
      </div>
      <ErrorNote error={result.error} />
      {!runAt && <p className="p-4 text-sm text-slate-500">Choose a range and run the query to see its results.</p>}
      {result.data && result.data.rows.length === 0 && <p className="p-4 text-sm text-slate-500">No results in this range; try a longer one.</p>}
      {result.data && result.data.rows.length > 0 && (
        <>
          {isStats && (
            <div className="h-72 border-b border-slate-200 p-3" data-testid="stats-chart">
              <StatsChart fields={result.data.fields} rows={result.data.rows} query={query} />
            </div>
          )}
          <div className="h-96">
            <ResultsTable columns={result.data.fields} rows={result.data.rows} selected={null} onSelect={() => undefined} />
          </div>
        </>
      )}
    </section>
  );
}
