'use client';

import type { FilterChip } from '@/lib/query/builder';
import { OP_LABEL } from './add-filter';

function chipText(c: FilterChip): string {
  const value = Array.isArray(c.value) ? c.value.join(', ') : c.value;
  return `${c.field} ${OP_LABEL[c.op]}${c.op === 'exists' ? '' : ` ${value}`}`;
}

/** The active filters as chips: negate, disable or remove each one. */
export function FilterChips({ chips, onChange }: { chips: FilterChip[]; onChange: (chips: FilterChip[]) => void }) {
  const set = (i: number, patch: Partial<FilterChip> | null) => onChange(patch === null ? chips.filter((_, j) => j !== i) : chips.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  if (chips.length === 0) return <p className="text-xs text-slate-500">No filters: every event in the range and sources.</p>;
  return (
    <ul className="flex flex-wrap gap-1.5" aria-label="Filters">
      {chips.map((c, i) => (
        <li
          key={`${c.field}-${i}`}
          data-testid="filter-chip"
          className={`flex items-center overflow-hidden rounded-full border text-xs ${c.disabled ? 'border-dashed border-slate-300 bg-slate-50 text-slate-400 line-through' : c.negated ? 'border-red-300 bg-red-50 text-red-800' : 'border-indigo-300 bg-indigo-50 text-indigo-900'}`}
        >
          <span className="px-2.5 py-1 font-mono">
            {c.negated && <span className="mr-1 font-sans font-semibold">NOT</span>}
            {chipText(c)}
          </span>
          <button type="button" title={c.negated ? 'Include again' : 'Negate'} aria-label={`Negate ${chipText(c)}`} onClick={() => set(i, { negated: !c.negated })} className="border-l border-current/20 px-1.5 py-1 hover:bg-white/60">
            ¬
          </button>
          <button type="button" title={c.disabled ? 'Enable' : 'Disable'} aria-label={`${c.disabled ? 'Enable' : 'Disable'} ${chipText(c)}`} onClick={() => set(i, { disabled: !c.disabled })} className="border-l border-current/20 px-1.5 py-1 hover:bg-white/60">
            {c.disabled ? 'on' : 'off'}
          </button>
          <button type="button" aria-label={`Remove ${chipText(c)}`} onClick={() => set(i, null)} className="border-l border-current/20 px-1.5 py-1 hover:bg-white/60">
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
