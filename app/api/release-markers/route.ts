import { jsonBody, route } from '@/server/auth/route';
import { createMarker, listMarkers } from '@/server/meta/release-markers';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

export const GET = route('GET /api/release-markers', async () => {
  const { meta } = await getServices();
  return Response.json({ markers: await listMarkers(meta) });
});

export const POST = route('POST /api/release-markers', async (req, { user }) => {
  const { meta } = await getServices();
  return Response.json({ marker: await createMarker(meta, user!, await jsonBody(req)) }, { status: 201 });
});
