const STYLES: Record<string, string> = {
  fatal: 'bg-red-700 text-white',
  error: 'bg-red-100 text-red-800 ring-red-200',
  warn: 'bg-amber-100 text-amber-800 ring-amber-200',
  info: 'bg-sky-50 text-sky-800 ring-sky-200',
  debug: 'bg-slate-100 text-slate-600 ring-slate-200',
  trace: 'bg-slate-50 text-slate-500 ring-slate-200',
};

export function LevelBadge({ level }: { level: string | undefined }) {
  if (!level) return <span className="text-xs text-slate-400">—</span>;
  const style = STYLES[level] ?? 'bg-slate-100 text-slate-700 ring-slate-200';
  return <span className={`inline-block rounded px-1.5 py-0.5 text-[11px] font-medium uppercase tracking-wide ring-1 ring-inset ${style}`}>{level}</span>;
}
