import { jsonBody, route } from '@/server/auth/route';
import { ruleDeps } from '@/server/alerts/http';
import { getRule, snoozeRule } from '@/server/alerts/rules-service';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

/** `{until: epoch ms | null, group?}`: no messages for the rule (or one group) until then. */
export const POST = route<{ id: string }>('POST /api/alerts/[id]/snooze', async (req, { user, params }) => {
  const s = await getServices();
  await snoozeRule(ruleDeps(s), user!, params.id, await jsonBody(req));
  return Response.json({ rule: await s.alerts.view(await getRule(s.meta, params.id)) });
});
