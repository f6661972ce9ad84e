import { z } from 'zod';
import { jsonBody, route } from '@/server/auth/route';
import { deleteDashboard, getDashboard, updateDashboard } from '@/server/meta/dashboards';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

export const GET = route<{ id: string }>('GET /api/dashboards/[id]', async (_req, { user, params }) => {
  const { meta } = await getServices();
  return Response.json({ dashboard: await getDashboard(meta, user!, params.id) });
});

const base = z.object({ baseVersion: z.number().int().min(1) });

/** Saves the whole dashboard (layout, panels, range); `baseVersion` guards against overwriting a teammate. */
export const PUT = route<{ id: string }>('PUT /api/dashboards/[id]', async (req, { user, params }) => {
  const { meta } = await getServices();
  const body = await jsonBody(req);
  const { baseVersion } = base.parse(body);
  return Response.json({ dashboard: await updateDashboard(meta, user!, params.id, body, baseVersion) });
});

export const DELETE = route<{ id: string }>('DELETE /api/dashboards/[id]', async (_req, { user, params }) => {
  const { meta } = await getServices();
  await deleteDashboard(meta, user!, params.id);
  return new Response(null, { status: 204 });
});
