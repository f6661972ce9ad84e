import { route } from '@/server/auth/route';
import { getRule } from '@/server/alerts/rules-service';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

/** Evaluates a rule now (a threshold rule runs its query) instead of at its next window. */
export const POST = route<{ id: string }>('POST /api/alerts/[id]/evaluate', async (_req, { params }) => {
  const s = await getServices();
  const rule = await getRule(s.meta, params.id);
  await s.alerts.evaluate(rule.id);
  return Response.json({ rule: await s.alerts.view(rule), groups: s.alerts.groups(rule.id).slice(0, 500) });
});
