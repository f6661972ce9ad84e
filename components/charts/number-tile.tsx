import { formatMeasure } from '@/lib/charts/series';
import { change } from '@/lib/usage/adoption';
import { ChangeBadge } from './change-badge';

/** One number large, with its change against the period before. */
export function NumberTile({ value, previous, unit = '', field }: { value: number; previous: number | null; unit?: string; field: string }) {
  return (
    <div className="flex h-full flex-col justify-center px-4 py-2" data-testid="number-tile">
      <div className="text-3xl font-semibold text-slate-900 tabular-nums" data-testid="number-value">
        {formatMeasure(value, unit)}
      </div>
      <div className="mt-1 flex items-center gap-2 text-xs text-slate-500">
        <span>{field}</span>
        {previous !== null && (
          <>
            <ChangeBadge change={change(value, previous)} neutral />
            <span>vs {formatMeasure(previous, unit)} the period before</span>
          </>
        )}
      </div>
    </div>
  );
}
