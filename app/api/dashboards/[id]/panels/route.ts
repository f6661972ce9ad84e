import { jsonBody, route } from '@/server/auth/route';
import { addPanelFromQuery } from '@/server/meta/dashboards';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

/** "Add to dashboard" from Explore: saves the query and appends it as a panel. */
export const POST = route<{ id: string }>('POST /api/dashboards/[id]/panels', async (req, { user, params }) => {
  const { meta } = await getServices();
  return Response.json({ dashboard: await addPanelFromQuery(meta, user!, params.id, await jsonBody(req, 64 * 1024)) }, { status: 201 });
});
