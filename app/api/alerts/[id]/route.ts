import { jsonBody, route } from '@/server/auth/route';
import { ruleDeps } from '@/server/alerts/http';
import { deleteRule, getRule, updateRule } from '@/server/alerts/rules-service';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

/** A rule and every group it tracks, alerting ones first. */
export const GET = route<{ id: string }>('GET /api/alerts/[id]', async (_req, { params }) => {
  const s = await getServices();
  const rule = await getRule(s.meta, params.id);
  return Response.json({ rule: await s.alerts.view(rule), groups: s.alerts.groups(rule.id).slice(0, 500) });
});

/** Edits a rule; without `webhookUrl` the stored webhook stays. */
export const PUT = route<{ id: string }>('PUT /api/alerts/[id]', async (req, { user, params }) => {
  const s = await getServices();
  const rule = await updateRule(ruleDeps(s), user!, params.id, await jsonBody(req));
  return Response.json({ rule: await s.alerts.view(rule) });
});

export const DELETE = route<{ id: string }>('DELETE /api/alerts/[id]', async (_req, { user, params }) => {
  const s = await getServices();
  await deleteRule(ruleDeps(s), user!, params.id);
  return Response.json({ ok: true });
});
