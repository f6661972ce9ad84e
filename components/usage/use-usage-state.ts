'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import type { UsageMetric } from '@/lib/usage/chart';
import type { UsageParams } from './use-usage';

/** The usage view in the URL, so a PM can send the exact chart to someone. */
export interface UsageView extends UsageParams {
  metric: UsageMetric;
  /** One feature drawn alone, or null for all. */
  feature: string | null;
}

const int = (v: string | null, fallback: number, min: number, max: number) => {
  const n = Number(v);
  return Number.isInteger(n) && n >= min && n <= max ? n : fallback;
};

export function useUsageState() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const view = useMemo<UsageView>(() => {
    const compare = Number(params.get('compare'));
    return {
      weeks: int(params.get('weeks'), 8, 1, 26),
      before: int(params.get('before'), 5, 1, 12),
      compareAt: params.get('compare') && Number.isFinite(compare) ? compare : null,
      metric: params.get('metric') === 'users' ? 'users' : 'uses',
      feature: params.get('feature'),
      override: {
        eventFilter: params.get('event') ?? undefined,
        featureField: params.get('featureField') ?? undefined,
        userField: params.get('userField') ?? undefined,
      },
    };
  }, [params]);
  const update = useCallback(
    (patch: Partial<UsageView>) => {
      const v = { ...view, ...patch, override: { ...view.override, ...patch.override } };
      const p = new URLSearchParams();
      if (v.weeks !== 8) p.set('weeks', String(v.weeks));
      if (v.before !== 5) p.set('before', String(v.before));
      if (v.compareAt !== null) p.set('compare', String(v.compareAt));
      if (v.metric !== 'uses') p.set('metric', v.metric);
      if (v.feature) p.set('feature', v.feature);
      if (v.override.eventFilter) p.set('event', v.override.eventFilter);
      if (v.override.featureField) p.set('featureField', v.override.featureField);
      if (v.override.userField) p.set('userField', v.override.userField);
      router.replace(`${pathname}${p.size ? `?${p}` : ''}`, { scroll: false });
    },
    [view, router, pathname],
  );
  return { view, update };
}
