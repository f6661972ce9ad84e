'use client';

import { useState } from 'react';
import { facetQuery } from '@/lib/query/derive';
import { print, type Query } from '@/lib/query';
import type { FieldsResult, ResultValue } from '@/lib/query/result-types';
import { formatValue } from '@/lib/charts/result-shape';
import { useAwsMode } from './aws-cost';
import { useRunQuery, type Range } from './use-explore-data';

/** The fields of the events in view, with top values for the current query; a click on a value filters on it. */
export function Facets({ fields, query, range, sources, onPick, valuesCost, note, paused = false }: {
  fields: FieldsResult | undefined;
  query: Query | null;
  range: Range;
  sources: string[];
  onPick: (field: string, value: ResultValue, exclude: boolean) => void;
  /** AWS mode: what counting one field's top values costs (a query over the same range). */
  valuesCost?: string;
  /** AWS mode: the run is waiting for a confirmation, so no derived query may run either. */
  paused?: boolean;
  /** Said instead of the usual note, when the list comes from somewhere else (the rows shown); `title` on hover. */
  note?: { text: string; title?: string };
}) {
  const aws = useAwsMode();
  // In AWS mode each opened field is a billed query: none opens by itself.
  const [open, setOpen] = useState<string | null>(aws ? null : 'level');
  const [filter, setFilter] = useState('');
  const list = (fields?.fields ?? []).filter((f) => f.name.toLowerCase().includes(filter.toLowerCase()));
  return (
    <nav aria-label="Fields" className="flex h-full w-60 shrink-0 flex-col border-r border-slate-200 bg-white">
      <div className="border-b border-slate-200 p-2">
        <input aria-label="Find a field" placeholder="Find a field…" value={filter} onChange={(e) => setFilter(e.target.value)} className="w-full rounded border border-slate-300 px-2 py-1 text-xs" />
        {note && <p className="mt-1 text-[11px] text-slate-500" data-testid="fields-note" title={note.title}>{note.text}</p>}
        {!note && fields?.sampled && !fields.window && <p className="mt-1 text-[11px] text-slate-500">Counted on {fields.examined.toLocaleString('en-US')} of {fields.total.toLocaleString('en-US')} events.</p>}
        {!note && fields?.window && (
          <p className="mt-1 text-[11px] text-slate-500" data-testid="fields-window">
            Fields seen by CloudWatch around {new Date((fields.window.start + fields.window.end) / 2).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })} (a 16-minute sample).
          </p>
        )}
        {aws && <p className="mt-1 text-[11px] text-slate-500" data-testid="facets-on-demand">Open a field to count its top values: one Logs Insights query{valuesCost ? ` (${valuesCost})` : ''}.</p>}
      </div>
      {!fields && <p className="p-3 text-xs text-slate-500">Finding fields…</p>}
      <ul className="min-h-0 flex-1 overflow-auto py-1 text-xs">
        {list.map((f) => (
          <li key={f.name}>
            <button type="button" aria-expanded={open === f.name} onClick={() => setOpen(open === f.name ? null : f.name)} className="flex w-full items-center gap-2 px-2 py-1 text-left hover:bg-slate-50">
              <span className="w-3 text-slate-400">{open === f.name ? '▾' : '▸'}</span>
              <span className="min-w-0 flex-1 truncate font-mono text-slate-800" title={f.name}>{f.name}</span>
              <span className="text-[10px] text-slate-400">{f.type === 'number' ? '#' : f.type === 'boolean' ? '?' : 'a'}</span>
              <span className="w-8 text-right text-[10px] text-slate-500">{Math.round(f.frequency * 100)}%</span>
            </button>
            {open === f.name && query && <FacetValues field={f.name} query={query} range={range} sources={sources} onPick={onPick} paused={paused} />}
          </li>
        ))}
      </ul>
    </nav>
  );
}

function FacetValues({ field, query, range, sources, onPick, paused }: { field: string; query: Query; range: Range; sources: string[]; onPick: (field: string, value: ResultValue, exclude: boolean) => void; paused: boolean }) {
  const r = useRunQuery(print(facetQuery(query, field, 10)), range, sources, !paused);
  if (r.isPending) return <p className="px-7 py-1 text-slate-400">Counting…</p>;
  if (r.isError) return <p className="px-7 py-1 text-red-700">{r.error.message}</p>;
  const rows = r.data.rows;
  const max = Math.max(1, ...rows.map((x) => Number(x.events ?? 0)));
  if (rows.length === 0) return <p className="px-7 py-1 text-slate-400">No values in this query.</p>;
  return (
    <ul className="pb-1" data-testid={`facet-${field}`}>
      {rows.map((row) => (
        <li key={String(row[field])} className="group relative flex items-center gap-1 px-2 py-0.5 pl-7">
          <span aria-hidden className="absolute inset-y-0.5 left-7 rounded bg-indigo-50" style={{ width: `calc(${(Number(row.events ?? 0) / max) * 100}% - 2rem)` }} />
          <button type="button" onClick={() => onPick(field, row[field] ?? null, false)} title={`Filter ${field} = ${formatValue(row[field] ?? null)}`} className="relative min-w-0 flex-1 truncate text-left font-mono text-slate-800 hover:underline">
            {formatValue(row[field] ?? null) || '(empty)'}
          </button>
          <span className="relative text-[10px] text-slate-500">{Number(row.events ?? 0).toLocaleString('en-US')}</span>
          <button type="button" aria-label={`Exclude ${field} ${formatValue(row[field] ?? null)}`} onClick={() => onPick(field, row[field] ?? null, true)} className="relative hidden px-1 text-red-600 group-hover:inline">
            −
          </button>
        </li>
      ))}
      {rows.length >= 10 && <li className="pl-7 text-[10px] text-slate-400">top 10 values</li>}
    </ul>
  );
}
