import { route } from '@/server/auth/route';
import { listParams } from '@/server/alerts/http';
import { listDeliveries } from '@/server/alerts/store';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

/** The delivery history, newest first (`?rule=<id>` for one rule). */
export const GET = route('GET /api/alerts/deliveries', async (req) => {
  const { meta } = await getServices();
  const p = listParams.parse(Object.fromEntries(new URL(req.url).searchParams));
  return Response.json({ deliveries: await listDeliveries(meta, { ruleId: p.rule, limit: p.limit }) });
});
