/** Time ranges as the console's URLs hold them: relative (`last=24h`) or absolute (`start`/`end`). */
export type RangeSpec = { kind: 'relative'; last: string } | { kind: 'absolute'; start: number; end: number };

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const RELATIVE = /^(\d{1,4})(s|m|h|d|w)$/;

export const PRESETS = ['15m', '1h', '6h', '24h', '7d', '30d', '8w'] as const;
export const DEFAULT_RANGE: RangeSpec = { kind: 'relative', last: '24h' };

export function relativeMs(last: string): number | null {
  const m = RELATIVE.exec(last);
  return m ? Number(m[1]) * UNIT_MS[m[2]] : null;
}

export function resolveRange(spec: RangeSpec, now: number): { start: number; end: number } {
  if (spec.kind === 'absolute') return { start: spec.start, end: spec.end };
  return { start: now - (relativeMs(spec.last) ?? 86_400_000), end: now };
}

export function describeRange(spec: RangeSpec): string {
  if (spec.kind === 'absolute') {
    const f = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 16);
    return `${f(spec.start)} → ${f(spec.end)} UTC`;
  }
  const m = RELATIVE.exec(spec.last);
  if (!m) return spec.last;
  const words: Record<string, string> = { s: 'second', m: 'minute', h: 'hour', d: 'day', w: 'week' };
  const n = Number(m[1]);
  return `Last ${n === 1 ? '' : `${n} `}${words[m[2]]}${n === 1 ? '' : 's'}`;
}

/** A histogram bin that gives 30–120 bars over the range. */
export function autoBin(durationMs: number): string {
  const steps: [number, string][] = [
    [60_000, '1s'], [2 * 3_600_000, '1m'], [12 * 3_600_000, '5m'], [2 * 86_400_000, '30m'],
    [8 * 86_400_000, '3h'], [32 * 86_400_000, '12h'], [Infinity, '1d'],
  ];
  for (const [limit, bin] of steps) if (durationMs <= limit) return bin;
  return '1d';
}

export function parseRangeParams(params: { last?: string | null; start?: string | null; end?: string | null }): RangeSpec {
  const start = toMs(params.start);
  const end = toMs(params.end);
  if (start !== null && end !== null && end > start) return { kind: 'absolute', start, end };
  if (params.last && relativeMs(params.last) !== null) return { kind: 'relative', last: params.last };
  return DEFAULT_RANGE;
}

export function rangeToParams(spec: RangeSpec): Record<string, string> {
  return spec.kind === 'relative' ? { last: spec.last } : { start: new Date(spec.start).toISOString(), end: new Date(spec.end).toISOString() };
}

function toMs(v: string | null | undefined): number | null {
  if (!v) return null;
  if (/^\d+$/.test(v)) return Number(v);
  const ms = Date.parse(v);
  return Number.isFinite(ms) ? ms : null;
}
