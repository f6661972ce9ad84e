import { route } from '@/server/auth/route';
import { deleteMarker } from '@/server/meta/release-markers';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

export const DELETE = route<{ id: string }>('DELETE /api/release-markers/[id]', async (_req, { user, params }) => {
  const { meta } = await getServices();
  await deleteMarker(meta, user!, params.id);
  return new Response(null, { status: 204 });
});
