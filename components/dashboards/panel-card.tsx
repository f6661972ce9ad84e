'use client';

import Link from 'next/link';
import { useMemo, useState, type ReactNode } from 'react';
import type { Panel } from '@/lib/dashboards/model';
import { singleValue } from '@/lib/charts/series';
import { parse } from '@/lib/query';
import { describeRange } from '@/lib/time/range';
import type { PanelQuery } from '@/server/meta/dashboards';
import { ChartEmpty, ChartError, ChartLoading } from '../charts/chart-states';
import { NumberTile } from '../charts/number-tile';
import { StatsChart } from '../charts/stats-chart';
import { explorePath } from '@/lib/explore/link';
import { ResultsTable } from '../explore/results-table';
import { usePanelRun, type PanelRun } from './use-dashboards';

const SPAN: Record<Panel['width'], string> = { 3: 'lg:col-span-3', 4: 'lg:col-span-4', 6: 'lg:col-span-6', 8: 'lg:col-span-8', 12: 'lg:col-span-12' };
const HEIGHT: Record<Panel['height'], string> = { s: 'h-44', m: 'h-72', l: 'h-96' };
/** Bars that stay readable in each height. */
const BARS: Record<Panel['height'], number> = { s: 5, m: 10, l: 16 };

/** One panel: its title, its query's result drawn as chosen, and a way to the query behind it. */
export function PanelCard({ dashboardId, panel, query, range, tick, refreshSeconds, canExplore, editControls, onRename }: {
  dashboardId: string;
  panel: Panel;
  /** null: its saved query was deleted; undefined: a panel added while editing, not saved yet. */
  query: PanelQuery | null | undefined;
  range: string;
  tick: number;
  refreshSeconds: number;
  canExplore: boolean;
  editControls?: ReactNode;
  /** While editing: the title becomes a text box. */
  onRename?: (title: string) => void;
}) {
  const ownRange = panel.range ?? range;
  const run = usePanelRun(dashboardId, panel, query?.version, ownRange, tick, refreshSeconds);
  const [showQuery, setShowQuery] = useState(false);
  const state = query === undefined ? 'unsaved' : !query ? 'missing' : run.isError ? 'error' : run.data ? 'ready' : 'loading';
  const explore = run.data && canExplore ? explorePath({ ql: run.data.ql, start: run.data.range.start, end: run.data.range.end }) : null;
  return (
    <article className={`col-span-12 flex flex-col rounded-lg border border-slate-200 bg-white ${SPAN[panel.width]}`} data-testid="panel" data-state={state} aria-label={panel.title}>
      <header className="flex items-center gap-2 border-b border-slate-100 px-3 py-2">
        {onRename ? (
          <input aria-label="Panel title" value={panel.title} onChange={(e) => onRename(e.target.value.slice(0, 120))} className="min-w-0 flex-1 rounded border border-slate-300 px-1.5 py-0.5 text-sm font-semibold text-slate-900" />
        ) : (
          <h2 className="min-w-0 flex-1 truncate text-sm font-semibold text-slate-900" title={panel.title}>{panel.title}</h2>
        )}
        {panel.range && <span className="text-xs text-slate-500">{describeRange({ kind: 'relative', last: panel.range })}</span>}
        {run.isFetching && run.data && <span className="text-xs text-slate-400">updating…</span>}
        {query && (explore ? (
          <Link href={explore} className="text-xs text-indigo-700 hover:underline" title="Open the query behind this panel in Explore">Explore</Link>
        ) : (
          <button type="button" className="text-xs text-indigo-700 hover:underline" onClick={() => setShowQuery((v) => !v)} aria-expanded={showQuery}>Query</button>
        ))}
        {editControls}
      </header>
      {showQuery && query && <pre className="max-h-32 overflow-auto border-b border-slate-100 bg-slate-50 px-3 py-2 font-mono text-xs whitespace-pre-wrap text-slate-700">{query.ql}</pre>}
      <div className={`min-h-0 ${HEIGHT[panel.height]} p-2`}>
        {query === undefined ? (
          <ChartEmpty>New panel: save the dashboard to run it.</ChartEmpty>
        ) : !query ? (
          <ChartEmpty>The saved query behind this panel was deleted. {editControls ? 'Edit the panel to pick another.' : 'Ask an editor to fix it.'}</ChartEmpty>
        ) : run.isError ? (
          <ChartError error={run.error} />
        ) : !run.data ? (
          <ChartLoading label={`Loading ${panel.title}…`} />
        ) : (
          <PanelBody panel={panel} run={run.data} ql={query.ql} />
        )}
      </div>
    </article>
  );
}

function PanelBody({ panel, run, ql }: { panel: Panel; run: PanelRun; ql: string }) {
  const ast = useMemo(() => {
    const r = parse(ql);
    return r.ok ? r.query : null;
  }, [ql]);
  if (run.rows.length === 0) return <ChartEmpty>No results in this range.</ChartEmpty>;
  if (panel.viz === 'number') {
    const v = singleValue(run.fields, run.rows);
    if (!v) return <ChartEmpty>{run.rows.length > 1 ? `This query returns ${run.rows.length} rows, not one number: show it as a chart or a table.` : 'This query returns no number; show it as a table.'}</ChartEmpty>;
    // No row for the period before means nothing to compare with, not zero (an average of nothing).
    const before = run.previous ? singleValue(run.previous.fields, run.previous.rows) : null;
    return <NumberTile value={v.value} previous={before?.value ?? null} unit={panel.unit} field={v.field} />;
  }
  if (panel.viz === 'table') return <ResultsTable columns={run.fields} rows={run.rows} selected={null} onSelect={() => undefined} />;
  return <StatsChart fields={run.fields} rows={run.rows} query={ast} viz={panel.viz} unit={panel.unit} label={panel.title} maxBars={BARS[panel.height]} />;
}
