import type { Change } from '@/lib/usage/adoption';

/**
 * A change as text and an arrow. Colour only repeats what the words say (colour-blind readers and
 * metrics where "up" is bad, like error rates).
 */
export function ChangeBadge({ change, against, neutral = false }: { change: Change; against?: string; /** For metrics where up is not good news (errors, latency). */ neutral?: boolean }) {
  const text =
    change.kind === 'new' ? 'new' : change.kind === 'none' ? '–' : `${change.pct! >= 0 ? '+' : ''}${Math.abs(change.pct!) >= 100 ? Math.round(change.pct!).toLocaleString('en-US') : change.pct!.toFixed(1)} %`;
  const tone = neutral ? 'text-slate-700' : change.kind === 'up' || change.kind === 'new' ? 'text-emerald-700' : change.kind === 'down' ? 'text-rose-700' : 'text-slate-500';
  return (
    <span className={`inline-flex items-center gap-0.5 text-xs font-medium tabular-nums ${tone}`} title={against ? `against ${against}` : undefined} data-testid="change">
      {(change.kind === 'up' || change.kind === 'down') && (
        <svg aria-hidden viewBox="0 0 10 10" className={`h-2.5 w-2.5 ${change.kind === 'down' ? 'rotate-180' : ''}`} fill="currentColor">
          <path d="M5 1 9 8H1z" />
        </svg>
      )}
      {text}
      {against && <span className="sr-only"> against {against}</span>}
    </span>
  );
}
