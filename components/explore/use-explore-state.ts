'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import type { FilterChip } from '@/lib/query/builder';
import { parseRangeParams, rangeToParams, type RangeSpec } from '@/lib/time/range';

/** Everything that defines an Explore view, held in the URL so a link reproduces it. */
export interface ExploreState {
  ql: string;
  range: RangeSpec;
  sources: string[];
  /** Disabled filter chips: not in the query, but kept with the view. */
  off: FilterChip[];
}

export const DEFAULT_QL = 'fields @timestamp, @log, level, @message\n| sort @timestamp desc\n| limit 1000';

function parseOff(text: string | null): FilterChip[] {
  if (!text) return [];
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? (v.filter((c) => c && typeof c.field === 'string' && typeof c.op === 'string') as FilterChip[]).map((c) => ({ ...c, disabled: true })) : [];
  } catch {
    return [];
  }
}

export function useExploreState() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const state = useMemo<ExploreState>(
    () => ({
      ql: params.get('q') ?? DEFAULT_QL,
      range: parseRangeParams({ last: params.get('last'), start: params.get('start'), end: params.get('end') }),
      sources: params.getAll('src'),
      off: parseOff(params.get('off')),
    }),
    [params],
  );
  const update = useCallback(
    (patch: Partial<ExploreState>, mode: 'push' | 'replace' = 'push') => {
      const next = { ...state, ...patch };
      const p = new URLSearchParams();
      p.set('q', next.ql);
      for (const [k, v] of Object.entries(rangeToParams(next.range))) p.set(k, v);
      for (const s of next.sources) p.append('src', s);
      if (next.off.length > 0) p.set('off', JSON.stringify(next.off));
      router[mode](`${pathname}?${p}`, { scroll: false });
    },
    [state, router, pathname],
  );
  return { state, update };
}
