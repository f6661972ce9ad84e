'use client';

import { useId, useState, type FormEvent } from 'react';
import type { ChipOp, FilterChip } from '@/lib/query/builder';
import type { FieldInfo } from '@/lib/query/result-types';
import { Button, Input, Select } from '../../ui/primitives';
import { useAwsMode } from '../aws-cost';
import { useFieldValues, type Range } from '../use-explore-data';

const OPS: { op: ChipOp; label: string; types: string[] }[] = [
  { op: '=', label: 'is', types: ['string', 'number', 'boolean', 'mixed'] },
  { op: '!=', label: 'is not', types: ['string', 'number', 'boolean', 'mixed'] },
  { op: 'contains', label: 'contains', types: ['string', 'mixed'] },
  { op: 'matches', label: 'matches regex', types: ['string', 'mixed'] },
  { op: 'in', label: 'is one of', types: ['string', 'number', 'mixed'] },
  { op: '>', label: '>', types: ['number', 'mixed'] },
  { op: '>=', label: '≥', types: ['number', 'mixed'] },
  { op: '<', label: '<', types: ['number', 'mixed'] },
  { op: '<=', label: '≤', types: ['number', 'mixed'] },
  { op: 'exists', label: 'exists', types: ['string', 'number', 'boolean', 'mixed'] },
];

export const OP_LABEL: Record<ChipOp, string> = Object.fromEntries(OPS.map((o) => [o.op, o.label])) as Record<ChipOp, string>;

/** Field · operator · value, with the discovered fields and their top values offered as you type. */
export function AddFilter({ fields, range, sources, onAdd }: { fields: FieldInfo[]; range: Range; sources: string[]; onAdd: (chip: FilterChip) => void }) {
  const id = useId();
  const [field, setField] = useState('');
  const [op, setOp] = useState<ChipOp>('=');
  const [value, setValue] = useState('');
  const info = fields.find((f) => f.name === field);
  const ops = OPS.filter((o) => !info || o.types.includes(info.type));
  // AWS mode: top values are a billed Logs Insights query, run only when asked for.
  const aws = useAwsMode();
  // AWS mode: suggestions are a billed query, run once per click for this field, range and sources.
  const suggestKey = [field, range.start, range.end, ...sources].join('\u0000');
  const [suggestFor, setSuggestFor] = useState<string | null>(null);
  const values = useFieldValues(info && (!aws || suggestFor === suggestKey) ? field : null, range, sources);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!field.trim()) return;
    const v = op === 'in' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value;
    onAdd({ field: field.trim(), op, value: v, negated: false, disabled: false });
    setField('');
    setValue('');
    setOp('=');
  }

  return (
    <form onSubmit={submit} className="flex flex-wrap items-center gap-1.5" aria-label="Add filter">
      <Input aria-label="Field" list={`${id}-fields`} placeholder="field" value={field} onChange={(e) => setField(e.target.value)} className="w-44 font-mono text-xs" />
      <datalist id={`${id}-fields`}>
        {fields.map((f) => (
          <option key={f.name} value={f.name} label={`${f.type} · ${Math.round(f.frequency * 100)}%`} />
        ))}
      </datalist>
      <Select aria-label="Operator" value={op} onChange={(e) => setOp(e.target.value as ChipOp)} className="w-36 text-xs">
        {ops.map((o) => (
          <option key={o.op} value={o.op}>
            {o.label}
          </option>
        ))}
      </Select>
      {op !== 'exists' && (
        <>
          <Input aria-label="Value" list={`${id}-values`} placeholder={op === 'in' ? 'a, b, c' : 'value'} value={value} onChange={(e) => setValue(e.target.value)} className="w-48 font-mono text-xs" />
          <datalist id={`${id}-values`}>
            {(values.data?.values ?? []).map((v) => (
              <option key={String(v.value)} value={String(v.value)} label={`${v.count.toLocaleString()} events`} />
            ))}
          </datalist>
        </>
      )}
      {aws && info && op !== 'exists' && suggestFor !== suggestKey && (
        <Button variant="ghost" className="text-xs" onClick={() => setSuggestFor(suggestKey)} title="Counts the field's top values over the range: one Logs Insights query">
          Suggest values
        </Button>
      )}
      {aws && suggestFor === suggestKey && values.isFetching && <span className="text-xs text-slate-500">Counting values…</span>}
      <Button type="submit" disabled={!field.trim()}>
        Add filter
      </Button>
      {values.data && values.data.values.length >= 20 && <span className="text-xs text-slate-500">top 20 values offered</span>}
    </form>
  );
}
