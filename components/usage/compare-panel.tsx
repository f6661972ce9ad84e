'use client';

import { describeComparison, type Comparison } from '@/lib/usage/adoption';
import { formatInZone, localTime, startOfDay } from '@/lib/time/zone';
import type { ReleaseMarker } from '@/server/meta/release-markers';
import { ChangeBadge } from '../charts/change-badge';
import { Button, Input, Select } from '../ui/primitives';

const n = (v: number) => Math.round(v).toLocaleString('en-US');

/** `2026-11-23` in the zone → its first instant; and back, for the date input. */
function dayStart(date: string, tz: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? startOfDay(Math.floor(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000), tz) : null;
}
function dateInput(ms: number, tz: string): string {
  return new Date(localTime(ms, tz).day * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Before and after a date or a release marker: uses per week over the weeks before against the
 * weeks after, per feature ("5 weeks before: 20,070; 1 week after: 43,200, +976 % per week").
 */
export function ComparePanel({ comparison, at, before, markers, timeZone, highlight, onChange }: {
  comparison: Comparison | null;
  at: number | null;
  before: number;
  markers: readonly ReleaseMarker[];
  timeZone: string;
  highlight: string | null;
  onChange: (patch: { compareAt?: number | null; before?: number }) => void;
}) {
  const marker = markers.find((m) => m.at === at);
  const shown = comparison?.features.filter((f) => !highlight || f.feature === highlight) ?? [];
  return (
    <section aria-label="Before and after" className="rounded-lg border border-slate-200 bg-white">
      <div className="flex flex-wrap items-end gap-3 border-b border-slate-100 px-4 py-3">
        <div>
          <h2 className="text-sm font-semibold text-slate-900">Before and after</h2>
          <p className="text-xs text-slate-500">Pick a release or a date: uses per week before it against the complete weeks after it.</p>
        </div>
        <div className="ml-auto flex flex-wrap items-end gap-2">
          <label className="text-xs text-slate-600">
            <span className="mb-1 block font-medium">Release marker</span>
            <Select aria-label="Release marker" value={marker?.id ?? ''} onChange={(e) => onChange({ compareAt: markers.find((m) => m.id === e.target.value)?.at ?? null })} className="w-64 text-sm">
              <option value="">{at !== null && !marker ? 'A date (below)' : 'Choose a marker…'}</option>
              {markers.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.label} · {formatInZone(m.at, timeZone, false)}
                </option>
              ))}
            </Select>
          </label>
          <label className="text-xs text-slate-600">
            <span className="mb-1 block font-medium">or a date</span>
            <Input type="date" aria-label="Compare around date" value={at !== null ? dateInput(at, timeZone) : ''} onChange={(e) => onChange({ compareAt: dayStart(e.target.value, timeZone) })} className="w-40 text-sm" />
          </label>
          <label className="text-xs text-slate-600">
            <span className="mb-1 block font-medium">Weeks before</span>
            <Input type="number" min={1} max={12} aria-label="Weeks before" value={before} onChange={(e) => onChange({ before: Math.max(1, Math.min(12, Number(e.target.value) || 1)) })} className="w-20 text-sm" />
          </label>
          {at !== null && <Button variant="ghost" onClick={() => onChange({ compareAt: null })}>Clear</Button>}
        </div>
      </div>
      {at === null && <p className="px-4 py-5 text-sm text-slate-500">No comparison yet. Release markers are the quickest way: they are the dates the team marked on every chart.</p>}
      {comparison && (
        <div className="px-4 py-3">
          <p className="mb-3 text-xs text-slate-500">
            Around {marker ? `“${marker.label}”, ` : ''}{formatInZone(comparison.at, timeZone)} ({timeZone}): {comparison.beforeWeeks.length} complete week{comparison.beforeWeeks.length === 1 ? '' : 's'} before
            {comparison.beforeWeeks.length > 0 && ` (${comparison.beforeWeeks[0].label} – ${comparison.beforeWeeks.at(-1)!.label})`}, {comparison.afterWeeks.length} after
            {comparison.afterWeeks.length > 0 && ` (${comparison.afterWeeks[0].label} – ${comparison.afterWeeks.at(-1)!.label})`}.
            {comparison.splitWeek && ` The week of ${comparison.splitWeek.label} holds the date and counts for neither side.`}
            {comparison.afterWeeks.length === 0 && ' No complete week after this date yet.'}
          </p>
          {shown.length === 0 ? (
            <p className="text-sm text-slate-500">No usage on either side of this date.</p>
          ) : (
            <table className="w-full text-sm" aria-label="Uses before and after">
              <thead className="text-xs text-slate-500">
                <tr className="border-b border-slate-100">
                  <th className="py-1.5 text-left font-medium">Feature</th>
                  <th className="py-1.5 text-right font-medium">Before: uses / week</th>
                  <th className="py-1.5 text-right font-medium">After: uses / week</th>
                  <th className="py-1.5 text-right font-medium">Change</th>
                  <th className="py-1.5 text-right font-medium">Users / week before → after</th>
                  <th className="py-1.5 pl-4 text-left font-medium">In words</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 tabular-nums">
                {shown.map((f) => (
                  <tr key={f.feature} data-testid="comparison-row" data-feature={f.feature}>
                    <td className="py-1.5 font-medium text-slate-900">{f.feature}</td>
                    <td className="py-1.5 text-right">{n(f.before.usesPerWeek)}</td>
                    <td className="py-1.5 text-right">{n(f.after.usesPerWeek)}</td>
                    <td className="py-1.5 text-right"><ChangeBadge change={f.change} /></td>
                    <td className="py-1.5 text-right text-slate-600">{n(f.before.usersPerWeek)} → {n(f.after.usersPerWeek)}</td>
                    <td className="py-1.5 pl-4 text-xs text-slate-600" data-testid="comparison-sentence">{describeComparison(f)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}
