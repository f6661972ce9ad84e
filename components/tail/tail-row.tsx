'use client';

import { memo, useState, type ReactNode } from 'react';
import type { LogEvent } from '@/lib/events';
import { LevelBadge } from '../explore/level-badge';

/** Splits text around the highlight terms (case-insensitive); rendered as text, never HTML. */
function highlighted(text: string, terms: readonly string[]): ReactNode {
  if (terms.length === 0) return text;
  const lower = text.toLowerCase();
  const parts: ReactNode[] = [];
  let i = 0;
  while (i < text.length) {
    let best = -1;
    let term = '';
    for (const t of terms) {
      const at = lower.indexOf(t.toLowerCase(), i);
      if (at !== -1 && (best === -1 || at < best)) {
        best = at;
        term = t;
      }
    }
    if (best === -1) break;
    if (best > i) parts.push(text.slice(i, best));
    parts.push(<mark key={best} className="rounded bg-yellow-200 px-0.5 text-slate-900">{text.slice(best, best + term.length)}</mark>);
    i = best + term.length;
  }
  parts.push(text.slice(i));
  return parts;
}

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3, hour12: false });

export const TailRow = memo(function TailRow({ event, highlight }: { event: LogEvent; highlight: readonly string[] }) {
  const [open, setOpen] = useState(false);
  const level = typeof event.fields.level === 'string' ? event.fields.level : undefined;
  const text = typeof event.fields.message === 'string' ? event.fields.message : event.message;
  return (
    <div data-testid="tail-row" className="border-b border-slate-100 font-mono text-xs">
      <button type="button" onClick={() => setOpen((o) => !o)} aria-expanded={open} className="flex w-full items-start gap-3 px-3 py-1 text-left hover:bg-indigo-50/50">
        <span className="shrink-0 text-slate-500">{time.format(event.timestamp)}</span>
        <span className="w-14 shrink-0 truncate text-slate-600">{event.log}</span>
        <span className="w-14 shrink-0">
          <LevelBadge level={level} />
        </span>
        <span className="min-w-0 flex-1 truncate text-slate-800">{highlighted(text, highlight)}</span>
      </button>
      {open && <pre className="mx-3 mb-2 overflow-x-auto rounded bg-slate-50 p-2 whitespace-pre-wrap text-slate-700">{JSON.stringify({ '@log': event.log, '@logStream': event.logStream, ...event.fields }, null, 2)}</pre>}
    </div>
  );
});
