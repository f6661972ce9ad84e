'use client';

import { useState } from 'react';
import { describeRange, PRESETS, type RangeSpec } from '@/lib/time/range';
import { Button, Select } from '../ui/primitives';

const toLocalInput = (ms: number) => new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

/** Time range (relative presets or absolute) and sources: the scope every query runs over. */
export function ExploreToolbar({ range, onRange, sources, allSources, onSources, children }: {
  range: RangeSpec;
  onRange: (r: RangeSpec) => void;
  sources: string[];
  allSources: string[];
  onSources: (s: string[]) => void;
  children?: React.ReactNode;
}) {
  const [custom, setCustom] = useState(false);
  const now = Date.now();
  const abs = range.kind === 'absolute' ? range : { start: now - 86_400_000, end: now };
  return (
    <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 bg-white px-4 py-2">
      <Select
        aria-label="Time range"
        value={range.kind === 'relative' ? range.last : 'custom'}
        onChange={(e) => (e.target.value === 'custom' ? setCustom(true) : (setCustom(false), onRange({ kind: 'relative', last: e.target.value })))}
        className="w-44 text-sm"
      >
        {PRESETS.map((p) => (
          <option key={p} value={p}>
            {describeRange({ kind: 'relative', last: p })}
          </option>
        ))}
        <option value="custom">{range.kind === 'absolute' ? describeRange(range) : 'Custom range…'}</option>
      </Select>
      {(custom || range.kind === 'absolute') && (
        <form
          className="flex items-center gap-1 text-xs"
          onSubmit={(e) => {
            e.preventDefault();
            const data = new FormData(e.currentTarget);
            const start = Date.parse(String(data.get('start')));
            const end = Date.parse(String(data.get('end')));
            if (Number.isFinite(start) && Number.isFinite(end) && end > start) onRange({ kind: 'absolute', start, end });
          }}
        >
          <input aria-label="From" name="start" type="datetime-local" defaultValue={toLocalInput(abs.start)} className="rounded border border-slate-300 px-1 py-0.5" />
          <span>→</span>
          <input aria-label="To" name="end" type="datetime-local" defaultValue={toLocalInput(abs.end)} className="rounded border border-slate-300 px-1 py-0.5" />
          <Button type="submit">Apply</Button>
        </form>
      )}
      <div className="flex flex-wrap items-center gap-1" role="group" aria-label="Sources">
        {allSources.map((s) => (
          <button
            key={s}
            type="button"
            aria-pressed={sources.includes(s)}
            onClick={() => onSources(sources.includes(s) ? sources.filter((x) => x !== s) : [...sources, s])}
            className={`rounded-full border px-2.5 py-0.5 font-mono text-xs ${sources.includes(s) ? 'border-indigo-600 bg-indigo-600 text-white' : 'border-slate-300 bg-white text-slate-700 hover:border-slate-400'}`}
          >
            {s}
          </button>
        ))}
        {sources.length === 0 && <span className="text-xs text-slate-500">all sources</span>}
      </div>
      <div className="ml-auto flex items-center gap-2">{children}</div>
    </div>
  );
}
