import type { ReactNode } from 'react';

/** Loading, empty and error states shared by every chart, so panels look alike while they wait. */
export function ChartLoading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div role="status" aria-live="polite" className="flex h-full min-h-24 flex-col justify-end gap-1.5 p-3" data-state="loading">
      <span className="sr-only">{label}</span>
      {[0.55, 0.8, 0.4, 0.95, 0.65, 0.75, 0.5].map((h, i) => (
        <div key={i} className="h-1.5 animate-pulse rounded bg-slate-100" style={{ width: `${h * 100}%` }} />
      ))}
    </div>
  );
}

export function ChartEmpty({ children }: { children: ReactNode }) {
  return (
    <div className="flex h-full min-h-24 items-center justify-center p-4 text-center text-sm text-slate-500" data-state="empty">
      {children}
    </div>
  );
}

export function ChartError({ error }: { error: unknown }) {
  return (
    <div role="alert" className="flex h-full min-h-24 items-center justify-center p-4 text-center text-sm text-red-700" data-state="error">
      {error instanceof Error ? error.message : String(error)}
    </div>
  );
}
