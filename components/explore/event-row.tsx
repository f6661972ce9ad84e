'use client';

import { useState } from 'react';
import type { StoredEvent } from '@/server/store/backend';
import { LevelBadge } from './level-badge';

const timeFormat = new Intl.DateTimeFormat(undefined, {
  month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3, hour12: false,
});

/** The one-line summary of an event: its `message` field when it has one, else the raw line. */
export function summary(e: StoredEvent): string {
  const m = e.fields.message;
  return typeof m === 'string' && m.length > 0 ? m : e.message;
}

/** One event; click to see every flattened field and the raw line. Text is rendered as text, never HTML. */
export function EventRow({ event }: { event: StoredEvent }) {
  const [open, setOpen] = useState(false);
  const level = typeof event.fields.level === 'string' ? event.fields.level : undefined;
  return (
    <>
      <tr
        className="cursor-pointer border-b border-slate-100 align-top hover:bg-indigo-50/40 focus:bg-indigo-50/60 focus:outline-none"
        tabIndex={0}
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), setOpen((o) => !o))}
        data-testid="event-row"
      >
        <td className="whitespace-nowrap px-3 py-1.5 font-mono text-xs text-slate-500">
          <span aria-hidden className="mr-1 inline-block w-3 text-slate-400">{open ? '▾' : '▸'}</span>
          <time dateTime={new Date(event.timestamp).toISOString()}>{timeFormat.format(event.timestamp)}</time>
        </td>
        <td className="whitespace-nowrap px-3 py-1.5">
          <span className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">{event.log}</span>
        </td>
        <td className="px-3 py-1.5">
          <LevelBadge level={level} />
        </td>
        <td className="max-w-0 truncate px-3 py-1.5 font-mono text-xs text-slate-800" title={summary(event)}>
          {summary(event)}
        </td>
      </tr>
      {open && (
        <tr className="border-b border-slate-200 bg-slate-50/80">
          <td colSpan={4} className="px-6 py-3">
            <EventDetail event={event} />
          </td>
        </tr>
      )}
    </>
  );
}

function EventDetail({ event }: { event: StoredEvent }) {
  const system: [string, string][] = [
    ['@timestamp', new Date(event.timestamp).toISOString()],
    ['@ingestionTime', new Date(event.ingestionTime).toISOString()],
    ['@log', event.log],
    ['@logStream', event.logStream],
    ['@fingerprint', event.fingerprint],
  ];
  const fields = Object.entries(event.fields).sort(([a], [b]) => a.localeCompare(b));
  return (
    <div className="grid gap-3 lg:grid-cols-2" data-testid="event-detail">
      <dl className="grid grid-cols-[minmax(8rem,auto)_1fr] gap-x-4 gap-y-0.5 font-mono text-xs">
        {[...system, ...fields.map(([k, v]) => [k, JSON.stringify(v)] as [string, string])].map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="truncate text-slate-500" title={k}>{k}</dt>
            <dd className="break-all text-slate-900">{v}</dd>
          </div>
        ))}
      </dl>
      <pre className="max-h-80 overflow-auto whitespace-pre-wrap break-all rounded border border-slate-200 bg-white p-2 font-mono text-xs text-slate-800">
        {prettyMessage(event.message)}
      </pre>
    </div>
  );
}

function prettyMessage(message: string): string {
  try {
    return JSON.stringify(JSON.parse(message), null, 2);
  } catch {
    return message;
  }
}
