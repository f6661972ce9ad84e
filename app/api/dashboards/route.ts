import { jsonBody, route } from '@/server/auth/route';
import { createDashboard, listDashboards } from '@/server/meta/dashboards';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

export const GET = route('GET /api/dashboards', async () => {
  const { meta } = await getServices();
  return Response.json({ dashboards: await listDashboards(meta) });
});

export const POST = route('POST /api/dashboards', async (req, { user }) => {
  const { meta } = await getServices();
  return Response.json({ dashboard: await createDashboard(meta, user!, await jsonBody(req)) }, { status: 201 });
});
