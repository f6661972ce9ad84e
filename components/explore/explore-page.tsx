'use client';

import { useState } from 'react';
import { EventRow } from './event-row';
import { useLatestEvents } from './use-latest-events';

/** Explore, first cut: the latest events with a source filter. The query builder joins it next. */
export function ExplorePage() {
  const [sources, setSources] = useState<string[]>([]);
  const [live, setLive] = useState(true);
  const query = useLatestEvents(sources, live);
  const events = query.data?.pages.flatMap((p) => p.events) ?? [];
  const allSources = query.data?.pages[0]?.sources ?? [];
  const toggle = (s: string) => setSources((cur) => (cur.includes(s) ? cur.filter((x) => x !== s) : [...cur, s]));

  return (
    <div className="flex h-full flex-col">
      <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 bg-white px-4 py-2">
        <h1 className="text-sm font-semibold text-slate-900">Latest events</h1>
        <div className="flex flex-wrap items-center gap-1" role="group" aria-label="Sources">
          <span className="mr-1 text-xs text-slate-500">Sources</span>
          {allSources.map((s) => (
            <button
              key={s}
              type="button"
              aria-pressed={sources.includes(s)}
              onClick={() => toggle(s)}
              className={`rounded-full border px-2.5 py-0.5 font-mono text-xs ${sources.includes(s) ? 'border-indigo-600 bg-indigo-600 text-white' : 'border-slate-300 bg-white text-slate-700 hover:border-slate-400'}`}
            >
              {s}
            </button>
          ))}
          {sources.length > 0 && (
            <button type="button" onClick={() => setSources([])} className="ml-1 text-xs text-slate-500 underline hover:text-slate-800">
              all
            </button>
          )}
        </div>
        <label className="ml-auto flex items-center gap-2 text-xs text-slate-600">
          <input type="checkbox" checked={live} onChange={(e) => setLive(e.target.checked)} className="accent-indigo-600" />
          Refresh every 5 s
        </label>
      </div>

      <div className="min-h-0 flex-1 overflow-auto">
        {query.isPending ? (
          <p className="p-6 text-sm text-slate-500">Loading events…</p>
        ) : query.isError ? (
          <div role="alert" className="m-4 rounded border border-red-200 bg-red-50 p-4 text-sm text-red-800">
            Could not load events: {query.error.message}. Check that the Logline server is running, then reload.
          </div>
        ) : events.length === 0 ? (
          <EmptyState />
        ) : (
          <table className="w-full table-fixed border-collapse text-left text-sm">
            <thead className="sticky top-0 z-10 bg-white text-xs text-slate-500 shadow-[0_1px_0_0_rgb(226_232_240)]">
              <tr>
                <th className="w-52 px-3 py-2 font-medium">Time</th>
                <th className="w-24 px-3 py-2 font-medium">Source</th>
                <th className="w-20 px-3 py-2 font-medium">Level</th>
                <th className="px-3 py-2 font-medium">Message</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e, i) => (
                <EventRow key={`${e.timestamp}-${e.fingerprint}-${i}`} event={e} />
              ))}
            </tbody>
          </table>
        )}
        {query.hasNextPage && (
          <div className="flex justify-center p-4">
            <button
              type="button"
              onClick={() => void query.fetchNextPage()}
              disabled={query.isFetchingNextPage}
              className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-50 disabled:opacity-50"
            >
              {query.isFetchingNextPage ? 'Loading…' : 'Load older events'}
            </button>
          </div>
        )}
      </div>
    </div>
  );
}

function EmptyState() {
  return (
    <div className="mx-auto mt-16 max-w-xl rounded-lg border border-dashed border-slate-300 bg-white p-8 text-sm text-slate-700">
      <h2 className="mb-2 text-base font-semibold text-slate-900">No events yet</h2>
      <p className="mb-3">Send one with your ingest key and it shows up here within seconds:</p>
      <pre className="overflow-x-auto rounded bg-slate-900 p-3 font-mono text-xs text-slate-100">
        {`curl -X POST http://localhost:3000/api/ingest \\
  -H "Authorization: Bearer $LOGLINE_INGEST_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{"level":"info","message":"hello from curl","source":"api"}'`}
      </pre>
    </div>
  );
}
