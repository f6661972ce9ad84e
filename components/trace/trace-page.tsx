'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useMemo, useState } from 'react';
import { print } from '@/lib/query';
import { buildTimeline, sessionQuery, sessionRange, sessionsOf, sharedQuery, TRACE_FIELDS, TRACE_LABELS, TRACE_WINDOW_MS, type TimelineEvent, type TraceField } from '@/lib/trace/timeline';
import { explorePath } from '@/lib/explore/link';
import { LevelBadge } from '../explore/level-badge';
import { useRunQuery } from '../explore/use-explore-data';
import { ErrorNote, PageHeader } from '../ui/primitives';

const LANE_TONES = ['border-sky-300 bg-sky-50', 'border-violet-300 bg-violet-50', 'border-emerald-300 bg-emerald-50', 'border-amber-300 bg-amber-50', 'border-slate-300 bg-slate-50'];

function offset(ms: number): string {
  return ms < 1000 ? `+${ms} ms` : ms < 60_000 ? `+${(ms / 1000).toFixed(1)} s` : `+${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/**
 * Everything that happened to one request (or session, or trace) across sources, in one timeline
 * with a lane per source: web click → api request → exception → client error, so "client or
 * server?" is answered by looking.
 */
export function TracePage() {
  const params = useSearchParams();
  const by = (TRACE_FIELDS as readonly string[]).includes(params.get('by') ?? '') ? (params.get('by') as TraceField) : 'request.id';
  const id = params.get('id') ?? '';
  // Without `at` (a hand-made link), around the moment the page opened: fixed, or every render
  // would move the range and refetch.
  const [openedAt] = useState(() => Date.now());
  const at = Number(params.get('at')) || openedAt;
  const range = useMemo(() => ({ start: at - TRACE_WINDOW_MS[by], end: at + TRACE_WINDOW_MS[by] }), [at, by]);
  const sharedQl = print(sharedQuery(by, id));
  const shared = useRunQuery(sharedQl, range, [], id !== '');
  const sessions = useMemo(() => (by === 'session.id' ? [] : sessionsOf(shared.data?.rows ?? [])), [shared.data, by]);
  const around = sessionRange(shared.data?.rows ?? []);
  const context = useRunQuery(sessions.length ? print(sessionQuery(sessions)) : '', around ?? range, [], sessions.length > 0 && around !== null);
  const timeline = useMemo(() => buildTimeline(shared.data?.rows ?? [], context.data?.rows ?? []), [shared.data, context.data]);
  const loading = shared.isPending || (sessions.length > 0 && context.isPending);

  return (
    <div>
      <PageHeader
        title={`${TRACE_LABELS[by]} ${id.length > 40 ? `${id.slice(0, 38)}…` : id}`}
        description={`Every event with ${by} = ${id}${by === 'session.id' ? '' : ', and the same client session’s events just around them'}, across all sources.`}
      >
        <Link className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50" href={explorePath({ ql: sharedQl, start: range.start, end: range.end })}>
          Open in Explore
        </Link>
      </PageHeader>
      <div className="mx-auto max-w-7xl space-y-4 px-6 py-5">
        {!id && <ErrorNote error="No id to trace: open an event in Explore and choose Trace." />}
        <ErrorNote error={shared.error ?? context.error} />
        {loading && id && <p className="text-sm text-slate-500">Collecting the events…</p>}
        {!loading && shared.data && timeline.events.length === 0 && (
          <p className="rounded border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">No event carries {by} = {id} within {TRACE_WINDOW_MS[by] / 3_600_000} h of this time.</p>
        )}
        {timeline.verdict && (
          <p role="status" className="rounded-lg border border-rose-200 bg-rose-50 px-4 py-3 text-sm text-rose-900" data-testid="trace-verdict">{timeline.verdict}</p>
        )}
        {timeline.events.length > 0 && <Lanes events={timeline.events} lanes={timeline.lanes} />}
        {shared.data && shared.data.rows.length >= 1000 && <p className="text-xs text-slate-500">Showing the first 1 000 events; open it in Explore for the rest.</p>}
      </div>
    </div>
  );
}

function Lanes({ events, lanes }: { events: TimelineEvent[]; lanes: string[] }) {
  const [open, setOpen] = useState<number | null>(null);
  const cols = `6.5rem repeat(${lanes.length}, minmax(0, 1fr))`;
  return (
    <section aria-label="Timeline" className="overflow-hidden rounded-lg border border-slate-200 bg-white">
      <div className="grid border-b border-slate-200 bg-slate-50 text-xs font-medium text-slate-600" style={{ gridTemplateColumns: cols }}>
        <div className="px-3 py-2">Time</div>
        {lanes.map((l) => <div key={l} className="border-l border-slate-200 px-3 py-2">{l}</div>)}
      </div>
      <ol>
        {events.map((e, i) => {
          const lane = lanes.indexOf(e.source);
          return (
            <li key={i} className="grid border-b border-slate-100 last:border-b-0" style={{ gridTemplateColumns: cols }} data-testid="trace-event" data-source={e.source} data-shared={e.shared}>
              <div className="px-3 py-2 font-mono text-xs text-slate-500 tabular-nums" title={String(e.row['@timestamp'])}>{offset(e.offset)}</div>
              {lanes.map((l, j) => (
                <div key={l} className="border-l border-slate-100 px-2 py-1.5">
                  {j === lane && (
                    <button type="button" onClick={() => setOpen(open === i ? null : i)} aria-expanded={open === i} className={`block w-full rounded border px-2 py-1 text-left text-sm ${LANE_TONES[lane % LANE_TONES.length]} ${e.shared ? '' : 'border-dashed opacity-80'}`}>
                      <span className="flex items-center gap-2">
                        {e.level && <LevelBadge level={e.level} />}
                        <span className="min-w-0 flex-1 break-words text-slate-900">{e.title}</span>
                      </span>
                      {!e.shared && <span className="mt-0.5 block text-[11px] text-slate-500">same session, around the request</span>}
                    </button>
                  )}
                  {j === lane && open === i && (
                    <pre className="mt-1 max-h-64 overflow-auto rounded bg-slate-900 p-2 font-mono text-[11px] whitespace-pre-wrap text-slate-100">{JSON.stringify(e.row, null, 2)}</pre>
                  )}
                </div>
              ))}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
