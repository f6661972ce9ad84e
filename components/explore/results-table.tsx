'use client';

import { useMemo, useRef, useState } from 'react';
import { LevelBadge } from './level-badge';
import { formatValue, type Row } from '@/lib/charts/result-shape';

const ROW_HEIGHT = 28;
const OVERSCAN = 12;

/**
 * The results table, virtualized: only the rows in view are in the DOM, so 10 000 rows scroll
 * smoothly. Every cell is rendered as text. Clicking a row opens its details.
 */
export function ResultsTable({ columns, rows, selected, onSelect }: { columns: string[]; rows: Row[]; selected: number | null; onSelect: (i: number) => void }) {
  const box = useRef<HTMLDivElement>(null);
  const [scroll, setScroll] = useState(0);
  const [height, setHeight] = useState(600);
  const first = Math.max(0, Math.floor(scroll / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scroll + height) / ROW_HEIGHT) + OVERSCAN);
  const template = useMemo(() => columns.map((c) => (c === '@timestamp' ? '13rem' : c === 'level' ? '5.5rem' : c === '@log' ? '6rem' : c === '@message' ? 'minmax(20rem, 4fr)' : 'minmax(7rem, 1fr)')).join(' '), [columns]);

  return (
    <div
      ref={box}
      role="table"
      aria-label="Results"
      aria-rowcount={rows.length}
      className="relative h-full overflow-auto"
      onScroll={(e) => {
        setScroll(e.currentTarget.scrollTop);
        setHeight(e.currentTarget.clientHeight);
      }}
    >
      <div role="row" className="sticky top-0 z-10 grid border-b border-slate-200 bg-white text-xs font-medium text-slate-500" style={{ gridTemplateColumns: template }}>
        {columns.map((c) => (
          <div role="columnheader" key={c} className="truncate px-3 py-1.5 font-mono" title={c}>
            {c}
          </div>
        ))}
      </div>
      <div style={{ height: rows.length * ROW_HEIGHT, position: 'relative' }}>
        {rows.slice(first, last).map((row, k) => {
          const i = first + k;
          return (
            <div
              role="row"
              key={i}
              tabIndex={0}
              aria-selected={selected === i}
              data-testid="result-row"
              onClick={() => onSelect(i)}
              onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), onSelect(i))}
              className={`absolute inset-x-0 grid cursor-pointer border-b border-slate-100 text-xs hover:bg-indigo-50/50 focus:bg-indigo-50 focus:outline-none ${selected === i ? 'bg-indigo-50' : i % 2 ? 'bg-slate-50/40' : 'bg-white'}`}
              style={{ top: i * ROW_HEIGHT, height: ROW_HEIGHT, gridTemplateColumns: template }}
            >
              {columns.map((c) => (
                <div role="cell" key={c} className="truncate px-3 py-1.5 font-mono text-slate-800" title={formatValue(row[c] ?? null)}>
                  <Cell column={c} row={row} />
                </div>
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}

/** A cell as text. A structured event's @message shows its `message` first; the raw JSON is in the tooltip and the details. */
function Cell({ column, row }: { column: string; row: Row }) {
  const v = row[column] ?? null;
  if (column === 'level' && typeof v === 'string') return <LevelBadge level={v} />;
  if (column === '@message' && typeof row.message === 'string' && typeof v === 'string' && v.startsWith('{')) {
    return (
      <>
        {row.message} <span className="text-slate-400">{'{…}'}</span>
      </>
    );
  }
  return <>{formatValue(v)}</>;
}

/** Choose which columns the table shows; the query's own columns come first. */
export function ColumnChooser({ available, shown, onChange }: { available: string[]; shown: string[]; onChange: (cols: string[]) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <div className="relative">
      <button type="button" onClick={() => setOpen((o) => !o)} aria-expanded={open} className="rounded border border-slate-300 bg-white px-2 py-1 text-xs text-slate-700 hover:bg-slate-50">
        Columns ({shown.length})
      </button>
      {open && (
        <div className="absolute right-0 z-30 mt-1 max-h-80 w-64 overflow-auto rounded border border-slate-200 bg-white p-2 text-xs shadow-lg" role="group" aria-label="Columns">
          {available.map((c) => (
            <label key={c} className="flex items-center gap-2 px-1 py-0.5 font-mono">
              <input type="checkbox" checked={shown.includes(c)} onChange={(e) => onChange(e.target.checked ? [...shown, c] : shown.filter((x) => x !== c))} className="accent-indigo-600" />
              <span className="truncate">{c}</span>
            </label>
          ))}
        </div>
      )}
    </div>
  );
}
