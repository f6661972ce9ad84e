import { jsonBody, route } from '@/server/auth/route';
import { ruleDeps } from '@/server/alerts/http';
import { createRule } from '@/server/alerts/rules-service';
import { listRules } from '@/server/alerts/store';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

/** Every rule with its state, and the engine's own health. */
export const GET = route('GET /api/alerts', async () => {
  const s = await getServices();
  const rules = await Promise.all((await listRules(s.meta)).map((r) => s.alerts.view(r)));
  return Response.json({ rules, status: s.alerts.status(), storms: s.stormGuard.totals() });
});

export const POST = route('POST /api/alerts', async (req, { user }) => {
  const s = await getServices();
  const rule = await createRule(ruleDeps(s), user!, await jsonBody(req));
  return Response.json({ rule: await s.alerts.view(rule) }, { status: 201 });
});
