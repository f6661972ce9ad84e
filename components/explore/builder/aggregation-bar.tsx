'use client';

import type { AggFn, BuilderState } from '@/lib/query/builder';
import type { FieldInfo } from '@/lib/query/result-types';
import { Input, Select } from '../../ui/primitives';

const FNS: { fn: AggFn | ''; label: string }[] = [
  { fn: '', label: 'List events' },
  { fn: 'count', label: 'Count' },
  { fn: 'count_distinct', label: 'Count distinct' },
  { fn: 'avg', label: 'Average' },
  { fn: 'sum', label: 'Sum' },
  { fn: 'min', label: 'Minimum' },
  { fn: 'max', label: 'Maximum' },
  { fn: 'pct', label: 'Percentile' },
];
const BINS = ['', '1m', '5m', '15m', '1h', '6h', '1d', '1w'];

/** Summarize: one aggregation, grouped by fields and/or a time bin, then sort and limit. */
export function AggregationBar({ state, fields, onChange }: { state: BuilderState; fields: FieldInfo[]; onChange: (s: BuilderState) => void }) {
  const agg = state.aggregations[0];
  const fieldNames = fields.map((f) => f.name);
  const numeric = fields.filter((f) => f.type === 'number' || f.type === 'mixed').map((f) => f.name);
  const setAgg = (fn: AggFn | '') => {
    if (fn === '') return onChange({ ...state, aggregations: [], groupBy: [], bin: null, sort: state.sort && /^(count|events)$/.test(state.sort.field) ? null : state.sort });
    const needsField = fn !== 'count';
    const field = needsField ? (agg?.field ?? (fn === 'count_distinct' ? 'user.id' : (numeric[0] ?? 'duration_ms'))) : undefined;
    const percentile = fn === 'pct' ? (agg?.percentile ?? 95) : undefined;
    onChange({ ...state, aggregations: [withAlias({ fn, field, percentile })] });
  };
  const columns = [...(agg ? [] : fieldNames), ...state.groupBy];

  return (
    <div className="flex flex-wrap items-center gap-1.5 text-xs" aria-label="Summarize" role="group">
      <Select aria-label="Aggregation" value={agg?.fn ?? ''} onChange={(e) => setAgg(e.target.value as AggFn | '')} className="w-36 text-xs">
        {FNS.map((f) => (
          <option key={f.fn} value={f.fn}>
            {f.label}
          </option>
        ))}
      </Select>
      {agg && agg.fn !== 'count' && (
        <Select aria-label="Of field" value={agg.field ?? ''} onChange={(e) => onChange({ ...state, aggregations: [withAlias({ ...agg, field: e.target.value })] })} className="w-40 font-mono text-xs">
          {[...new Set([agg.field ?? '', ...(agg.fn === 'count_distinct' ? fieldNames : numeric)])].filter(Boolean).map((f) => (
            <option key={f}>{f}</option>
          ))}
        </Select>
      )}
      {agg?.fn === 'pct' && (
        <Input aria-label="Percentile" type="number" min={1} max={99} value={agg.percentile ?? 95} onChange={(e) => onChange({ ...state, aggregations: [withAlias({ ...agg, percentile: Number(e.target.value) })] })} className="w-16 text-xs" />
      )}
      {agg && (
        <>
          <span className="text-slate-500">by</span>
          <Select aria-label="Group by" value="" onChange={(e) => e.target.value && onChange({ ...state, groupBy: [...state.groupBy, e.target.value] })} className="w-36 font-mono text-xs">
            <option value="">{state.groupBy.length ? `${state.groupBy.join(', ')} +` : 'add field…'}</option>
            {fieldNames.filter((f) => !state.groupBy.includes(f)).map((f) => (
              <option key={f}>{f}</option>
            ))}
          </Select>
          {state.groupBy.length > 0 && (
            <button type="button" className="text-slate-500 underline" onClick={() => onChange({ ...state, groupBy: [] })}>
              clear groups
            </button>
          )}
          <Select aria-label="Time bin" value={state.bin ?? ''} onChange={(e) => onChange({ ...state, bin: e.target.value || null })} className="w-28 text-xs">
            {BINS.map((b) => (
              <option key={b} value={b}>
                {b ? `per ${b}` : 'no time bins'}
              </option>
            ))}
          </Select>
        </>
      )}
      <span className="ml-2 text-slate-500">sort</span>
      <Select
        aria-label="Sort by"
        value={state.sort ? `${state.sort.field} ${state.sort.order}` : ''}
        onChange={(e) => {
          const [field, order] = e.target.value.split(' ');
          onChange({ ...state, sort: field ? { field, order: order === 'asc' ? 'asc' : 'desc' } : null });
        }}
        className="w-44 font-mono text-xs"
      >
        <option value="">default</option>
        {[...(agg ? [aggColumn(agg)] : ['@timestamp']), ...columns].flatMap((c) => [
          <option key={`${c} desc`} value={`${c} desc`}>{`${c} ↓`}</option>,
          <option key={`${c} asc`} value={`${c} asc`}>{`${c} ↑`}</option>,
        ])}
      </Select>
      <span className="text-slate-500">limit</span>
      <Input aria-label="Limit" type="number" min={1} max={10000} value={state.limit ?? ''} placeholder="10000" onChange={(e) => onChange({ ...state, limit: e.target.value ? Math.max(1, Math.min(10_000, Number(e.target.value))) : null })} className="w-20 text-xs" />
    </div>
  );
}

type Agg = BuilderState['aggregations'][number];

/** Builder aggregations get a readable column name, so sorting and charts can refer to it. */
function withAlias(a: Agg): Agg {
  const last = (a.field ?? '').split('.').pop()?.replace(/\W/g, '_') ?? '';
  const alias = a.fn === 'count' ? 'events' : a.fn === 'pct' ? `p${a.percentile ?? 95}_${last}` : a.fn === 'count_distinct' ? `unique_${last}` : `${a.fn}_${last}`;
  return { ...a, alias };
}

/** The column name CloudWatch gives an unaliased aggregation, e.g. `count(*)`. */
export function aggColumn(a: Agg): string {
  if (a.alias) return a.alias;
  if (a.fn === 'count' && !a.field) return 'count(*)';
  return a.fn === 'pct' ? `pct(${a.field}, ${a.percentile ?? 95})` : `${a.fn}(${a.field})`;
}
