'use client';

import { useState } from 'react';
import type { ResultValue } from '@/lib/query/result-types';
import { Button } from '../ui/primitives';
import Link from 'next/link';
import { formatValue, parseResultTime, type Row } from '@/lib/charts/result-shape';
import { TRACE_FIELDS, TRACE_LABELS } from '@/lib/trace/timeline';

interface TreeNode {
  name: string;
  path: string;
  value?: ResultValue;
  children: Map<string, TreeNode>;
}

/** Dot paths back into a tree, so `user.id` and `user.plan` sit under `user`. */
function buildTree(row: Row): TreeNode {
  const root: TreeNode = { name: '', path: '', children: new Map() };
  for (const [key, value] of Object.entries(row).sort(([a], [b]) => a.localeCompare(b))) {
    let node = root;
    const parts = key.startsWith('@') ? [key] : key.split('.');
    parts.forEach((part, i) => {
      const path = parts.slice(0, i + 1).join('.');
      let child = node.children.get(part);
      if (!child) {
        child = { name: part, path, children: new Map() };
        node.children.set(part, child);
      }
      node = child;
    });
    node.value = value;
  }
  return root;
}

function FieldTree({ node, onFilter }: { node: TreeNode; onFilter: (field: string, value: ResultValue, exclude: boolean) => void }) {
  return (
    <ul className="space-y-0.5 pl-3">
      {[...node.children.values()].map((c) =>
        c.children.size > 0 && c.value === undefined ? (
          <li key={c.path}>
            <span className="font-mono text-slate-500">{c.name}</span>
            <FieldTree node={c} onFilter={onFilter} />
          </li>
        ) : (
          <li key={c.path} className="group flex items-start gap-2 font-mono">
            <span className="shrink-0 text-slate-500">{c.name}</span>
            <span className="min-w-0 flex-1 break-all text-slate-900">{formatValue(c.value ?? null)}</span>
            <span className="flex shrink-0 gap-1 opacity-60 group-hover:opacity-100">
              <button type="button" title="Only events with this value" aria-label={`Filter ${c.path} = ${formatValue(c.value ?? null)}`} onClick={() => onFilter(c.path, c.value ?? null, false)} className="rounded border border-slate-300 px-1 text-[10px] hover:bg-indigo-50">
                +
              </button>
              <button type="button" title="Exclude this value" aria-label={`Exclude ${c.path} = ${formatValue(c.value ?? null)}`} onClick={() => onFilter(c.path, c.value ?? null, true)} className="rounded border border-slate-300 px-1 text-[10px] hover:bg-red-50">
                −
              </button>
            </span>
          </li>
        ),
      )}
    </ul>
  );
}

/** "Trace request / session": the correlation timeline for the ids this event carries. */
function TraceLinks({ row }: { row: Row }) {
  const at = parseResultTime(row['@timestamp']) ?? Date.now();
  return (
    <>
      {TRACE_FIELDS.filter((f) => typeof row[f] === 'string' && row[f] !== '').slice(0, 2).map((f) => (
        <Link key={f} href={`/trace?${new URLSearchParams({ by: f, id: String(row[f]), at: String(at) })}`} className="rounded px-2 py-1 text-sm font-medium text-indigo-700 hover:bg-indigo-50" title={`Every event with this ${f}, across sources`}>
          Trace {TRACE_LABELS[f].toLowerCase()}
        </Link>
      ))}
    </>
  );
}

/** One result in full: every field as a tree and the raw JSON, with filters and context one click away. */
export function EventDrawer({ row, onClose, onFilter, onContext }: { row: Row; onClose: () => void; onFilter: (field: string, value: ResultValue, exclude: boolean) => void; onContext?: () => void }) {
  const [tab, setTab] = useState<'fields' | 'json'>('fields');
  const [copied, setCopied] = useState(false);
  const json = JSON.stringify(row, null, 2);
  return (
    <aside aria-label="Event details" className="flex h-full w-[28rem] shrink-0 flex-col border-l border-slate-200 bg-white">
      <div className="flex items-center gap-2 border-b border-slate-200 px-3 py-2">
        <div role="tablist" className="flex gap-1 text-xs">
          {(['fields', 'json'] as const).map((t) => (
            <button key={t} role="tab" type="button" aria-selected={tab === t} onClick={() => setTab(t)} className={`rounded px-2 py-1 ${tab === t ? 'bg-indigo-50 text-indigo-700' : 'text-slate-600 hover:bg-slate-100'}`}>
              {t === 'fields' ? 'Fields' : 'Raw JSON'}
            </button>
          ))}
        </div>
        <div className="ml-auto flex gap-1">
          <TraceLinks row={row} />
          {onContext && <Button variant="ghost" onClick={onContext}>Show in context</Button>}
          <Button variant="ghost" onClick={() => { void navigator.clipboard?.writeText(json); setCopied(true); }}>{copied ? 'Copied' : 'Copy'}</Button>
          <Button variant="ghost" aria-label="Close details" onClick={onClose}>×</Button>
        </div>
      </div>
      <div className="min-h-0 flex-1 overflow-auto p-3 text-xs" data-testid="event-detail">
        {tab === 'fields' ? <FieldTree node={buildTree(row)} onFilter={onFilter} /> : <pre className="break-all whitespace-pre-wrap font-mono text-slate-800">{json}</pre>}
      </div>
    </aside>
  );
}
