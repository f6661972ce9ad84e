'use client';

import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useMemo, useState } from 'react';
import { parse, print, type Query } from '@/lib/query';
import { EMPTY_BUILDER, fromQuery, toQuery, type BuilderState, type FilterChip } from '@/lib/query/builder';
import { addFilter, equalsCondition, histogramQuery } from '@/lib/query/derive';
import { explain } from '@/lib/query/explain';
import { autoBin, resolveRange } from '@/lib/time/range';
import type { ResultValue } from '@/lib/query/result-types';
import { StatsChart } from '../charts/stats-chart';
import { AddToDashboard } from '../dashboards/add-to-dashboard';
import { Button, ErrorNote } from '../ui/primitives';
import { approxUsd, AwsModeContext, costOf, CostConfirm, formatSpan, needsConfirm, useRememberRun, useScanGuess, type AwsPricing } from './aws-cost';
import { AddFilter } from './builder/add-filter';
import { AggregationBar } from './builder/aggregation-bar';
import { FilterChips } from './builder/filter-chips';
import { ContextView } from './context-view';
import { EventDrawer } from './event-drawer';
import { ExploreToolbar } from './explore-toolbar';
import { ExportMenu } from './export-menu';
import { Facets } from './facets';
import { Histogram } from './histogram';
import { QlEditor } from './ql-editor';
import { QueryFacts, QueryWaiting } from './query-facts';
import { ColumnChooser, ResultsTable } from './results-table';
import { fieldsOfRows } from '@/lib/charts/result-shape';
import { useFields, useRunQuery, useSources, useWholeEvent } from './use-explore-data';
import { useExploreState } from './use-explore-state';

/**
 * Explore: build a query with clicks or type it; both stay in sync; results, facets and charts
 * below. `aws` (AWS mode) prices each run, confirms wide ones, and runs the derived queries
 * (volume, facet values, value suggestions) only on demand: each is a billed Logs Insights scan.
 */
export function ExplorePage({ aws = null }: { aws?: AwsPricing | null }) {
  return (
    <AwsModeContext.Provider value={aws}>
      <ExploreView aws={aws} />
    </AwsModeContext.Provider>
  );
}

function ExploreView({ aws }: { aws: AwsPricing | null }) {
  const { state, update } = useExploreState();
  const client = useQueryClient();
  const [text, setText] = useState(state.ql);
  const [nonce, setNonce] = useState(0);
  const [selected, setSelected] = useState<number | null>(null);
  const [context, setContext] = useState(false);
  const [extraColumns, setExtraColumns] = useState<string[] | null>(null);
  useEffect(() => setText(state.ql), [state.ql]);

  // eslint-disable-next-line react-hooks/exhaustive-deps -- a run resolves "last 24h" against the clock once
  const range = useMemo(() => resolveRange(state.range, Date.now()), [state.range, state.ql, state.sources, nonce]);
  const draft = useMemo(() => parse(text), [text]);
  const running = useMemo(() => parse(state.ql), [state.ql]);
  const ast: Query | null = running.ok ? running.query : null;
  const builder = draft.ok ? fromQuery(draft.query) : null;
  const chips: FilterChip[] = [...(builder?.ok ? builder.state.filters : []), ...state.off];

  const sources = useSources();
  const fields = useFields(range, state.sources);
  // AWS mode: a run over a wide range, or one expected to scan a lot, waits for a yes.
  const runKey = [state.ql, range.start, range.end, ...state.sources].join('\u0000');
  const [approved, setApproved] = useState<string | null>(null);
  const [declined, setDeclined] = useState<string | null>(null);
  const [volumeFor, setVolumeFor] = useState<string | null>(null);
  const guess = useScanGuess(aws, range, state.sources, running.ok);
  const asking = aws !== null && running.ok && approved !== runKey && needsConfirm(range.end - range.start, guess);
  const held = aws !== null && running.ok && approved !== runKey && (asking || guess === undefined);
  const result = useRunQuery(state.ql, range, state.sources, running.ok && !held);
  const showVolume = ast !== null && !held && (!aws || volumeFor === runKey);
  const histogram = useRunQuery(ast ? print(histogramQuery(ast, autoBin(range.end - range.start))) : '', range, state.sources, showVolume);
  const complete = result.data?.status === 'Complete' ? result.data : undefined;
  useRememberRun(aws, state.sources, range, complete?.statistics.bytesScanned);
  // A derived query scans what the run scans (same range, same sources): its figures so far, else the guess.
  const scanned = result.data?.statistics.bytesScanned ?? guess?.bytes;
  const scanCost = aws && scanned !== undefined ? costOf(Math.max(scanned, guess?.bytes ?? 0), aws) : undefined;
  const derivedCost = scanCost === undefined ? undefined : approxUsd(scanCost);
  const isStats = ast?.commands.some((c) => c.kind === 'stats') ?? false;

  const run = (ql = text) => {
    setSelected(null);
    setContext(false);
    setExtraColumns(null);
    if (ql === state.ql) setNonce((n) => n + 1);
    else update({ ql });
  };
  const applyBuilder = (next: BuilderState) => {
    const ql = print(toQuery(next));
    setText(ql);
    update({ ql, off: next.filters.filter((c) => c.disabled) });
  };
  const builderState = builder?.ok ? { ...builder.state, filters: chips } : null;
  const pick = (field: string, value: ResultValue, exclude: boolean) => {
    if (!ast) return;
    run(print(addFilter(ast, equalsCondition(field, value, exclude))));
  };

  const columns = result.data?.fields ?? [];
  const available = useMemo(() => [...new Set([...columns, ...(result.data?.rows.slice(0, 200).flatMap((r) => Object.keys(r)) ?? [])])], [columns, result.data]);
  const shown = extraColumns ?? columns;
  // AWS mode: when CloudWatch cannot list fields (GetLogGroupFields refused), the rows shown still can.
  const rowFields = useMemo(() => (aws && fields.isError && result.data ? fieldsOfRows(result.data.rows) : null), [aws, fields.isError, result.data]);
  const fieldList = rowFields ? { fields: rowFields, examined: result.data?.rows.length ?? 0, total: result.data?.rows.length ?? 0, sampled: true } : fields.data;
  const fieldsNote = rowFields ? { text: `Fields of the ${(result.data?.rows.length ?? 0).toLocaleString('en-US')} rows shown: CloudWatch did not list the log groups’ fields.`, title: fields.error?.message } : undefined;
  const shownRow = selected !== null ? result.data?.rows[selected] : undefined;
  const row = useWholeEvent(shownRow, isStats);

  return (
    <div className="flex h-full flex-col">
      {aws && asking && declined !== runKey && (
        <CostConfirm aws={aws} rangeMs={range.end - range.start} sources={state.sources} guess={guess} onRun={() => setApproved(runKey)} onCancel={() => setDeclined(runKey)} />
      )}
      <ExploreToolbar range={state.range} onRange={(r) => update({ range: r })} sources={state.sources} allSources={sources.data ?? []} onSources={(s) => update({ sources: s })}>
        <Button variant="primary" onClick={() => run()} disabled={!draft.ok}>
          Run <kbd className="ml-1 rounded bg-indigo-500 px-1 text-[10px]">Ctrl ↵</kbd>
        </Button>
        {result.isFetching && <Button onClick={() => void client.cancelQueries({ queryKey: ['query', state.ql] })}>Cancel</Button>}
        <Button onClick={() => void navigator.clipboard?.writeText(window.location.href)}>Copy link</Button>
        <Link href={`/queries/new?${new URLSearchParams({ q: state.ql })}`} className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50">
          Save
        </Link>
        <AddToDashboard ql={state.ql} query={ast} title={ast ? explain(ast).replace(/\.$/, '') : 'Panel'} />
        {result.data && <ExportMenu columns={shown} rows={result.data.rows} />}
      </ExploreToolbar>

      <section aria-label="Query" className="grid gap-3 border-b border-slate-200 bg-slate-50 px-4 py-3 xl:grid-cols-2">
        <div className="space-y-2">
          <h2 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Builder</h2>
          {builderState ? (
            <>
              <FilterChips chips={chips} onChange={(c) => applyBuilder({ ...builderState, filters: c })} />
              <AddFilter fields={fieldList?.fields ?? []} range={range} sources={state.sources} onAdd={(c) => applyBuilder({ ...builderState, filters: [...chips, c] })} />
              <AggregationBar state={builderState} fields={fieldList?.fields ?? []} onChange={applyBuilder} />
            </>
          ) : (
            <div role="note" className="rounded border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900" data-testid="builder-notice">
              {builder && !builder.ok ? `The builder can’t show this query: ${builder.reason}. The text is kept as you wrote it.` : 'Fix the query text to use the builder again.'}{' '}
              <button type="button" className="underline" onClick={() => applyBuilder(EMPTY_BUILDER)}>Start a new query in the builder</button>
            </div>
          )}
        </div>
        <div className="space-y-2">
          <h2 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Query</h2>
          <QlEditor value={text} onChange={setText} onRun={() => draft.ok && run()} error={draft.ok ? null : draft.error} fields={(fieldList?.fields ?? []).map((f) => f.name)} />
          {draft.ok && (
            <p className="text-sm text-slate-600" data-testid="explanation">
              {explain(draft.query)}
            </p>
          )}
        </div>
      </section>

      <div className="flex min-h-0 flex-1">
        <Facets fields={fieldList} query={ast} range={range} sources={state.sources} onPick={pick} valuesCost={derivedCost} note={fieldsNote} paused={held || declined === runKey} />
        <div className="flex min-w-0 flex-1 flex-col">
          <Histogram
            rows={histogram.data?.rows ?? []}
            range={range}
            loading={histogram.isFetching}
            onZoom={(start, end) => update({ range: { kind: 'absolute', start, end } })}
            placeholder={aws && !showVolume ? (
              <span className="flex items-center gap-2" data-testid="volume-on-demand">
                Volume over time is one more Logs Insights query over the same range{derivedCost ? ` (${derivedCost})` : ''}.
                <Button variant="ghost" className="text-xs" disabled={held || ast === null} onClick={() => setVolumeFor(runKey)}>Show volume</Button>
              </span>
            ) : undefined}
          />
          <div className="flex items-center gap-3 border-b border-slate-200 bg-white px-4 py-1.5">
            {result.data ? <QueryFacts result={result.data} running={result.isFetching} /> : result.wait ? <QueryWaiting wait={result.wait} /> : <span className="text-xs text-slate-500">{result.isFetching ? 'Running…' : held && !asking ? 'Estimating what this run scans…' : ''}</span>}
            {!isStats && result.data && <div className="ml-auto"><ColumnChooser available={available} shown={shown} onChange={setExtraColumns} /></div>}
          </div>
          {result.isError && (
            <div className="p-4">
              <ErrorNote error={result.error} />
            </div>
          )}
          {result.isFetching && !result.data && <p className="p-6 text-sm text-slate-500">Running the query…</p>}
          {aws && asking && declined === runKey && (
            <div className="m-6 flex items-center gap-3 rounded border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900" role="note" data-testid="not-run">
              <span>Not run: it reads {formatSpan(range.end - range.start)} of logs{guess ? ` (${approxUsd(costOf(guess.bytes, aws))}${guess.basis === 'stored' ? ' or more' : ''})` : ''}. Narrow the range or pick sources, or</span>
              <Button onClick={() => setApproved(runKey)}>Run it anyway</Button>
            </div>
          )}
          {result.data && result.data.rows.length === 0 && (
            <p className="m-6 rounded border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">
              No events match in this range. Widen the time range, remove a filter, or check the sources.
            </p>
          )}
          {result.data && result.data.rows.length > 0 && (
            <div className="flex min-h-0 flex-1 flex-col">
              {isStats && (
                <div className="h-72 border-b border-slate-200 bg-white p-3" data-testid="stats-chart">
                  <StatsChart fields={result.data.fields} rows={result.data.rows} query={ast} />
                </div>
              )}
              <div className="min-h-0 flex-1">
                <ResultsTable columns={shown} rows={result.data.rows} selected={selected} onSelect={(i) => { setSelected(i); setContext(false); }} />
              </div>
            </div>
          )}
        </div>
        {row && !context && <EventDrawer row={row} onClose={() => setSelected(null)} onFilter={pick} onContext={!isStats && row['@logStream'] ? () => setContext(true) : undefined} />}
        {row && context && <ContextView row={row} onBack={() => setContext(false)} />}
      </div>
    </div>
  );
}
