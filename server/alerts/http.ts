// What the /api/alerts routes share: the rule service's dependencies from the services registry.
import { z } from 'zod';
import type { Services } from '../registry';
import { stormExplore } from './storm-rules';
import type { RuleDeps } from './rules-service';
import type { StormView } from './types';
import { exploreLink } from '@/lib/alerts/explore-link';
import type { StormRecord } from '@/lib/alerts/storm';

export function ruleDeps(s: Services): RuleDeps & { snoozeGroup: Services['alerts']['snoozeGroup'] } {
  return {
    meta: s.meta,
    policy: { allowedHosts: s.config.alerts.allowedHosts, allowLoopbackHttp: s.config.alerts.allowLoopbackHttp },
    reload: () => s.alerts.reload(),
    snoozeGroup: (ruleId, key, until) => s.alerts.snoozeGroup(ruleId, key, until),
  };
}

export const testInput = z.object({
  /** A URL typed in the form; omitted: the stored webhook of `ruleId`. */
  webhookUrl: z.string().max(4096).optional(),
  ruleId: z.string().min(1).max(100).optional(),
  ruleName: z.string().max(120).optional(),
}).refine((b) => b.webhookUrl || b.ruleId, { message: 'send webhookUrl, or the ruleId whose webhook to test' });

export const listParams = z.object({
  rule: z.string().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export function stormView(s: StormRecord, baseUrl: string, now = Date.now()): StormView {
  return { ...s, exploreUrl: exploreLink(baseUrl, stormExplore(s, now), '/alerts/storms') };
}
