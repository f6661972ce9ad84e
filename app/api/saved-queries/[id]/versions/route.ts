import { route } from '@/server/auth/route';
import { listVersions } from '@/server/meta/saved-queries';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

export const GET = route<{ id: string }>('GET /api/saved-queries/[id]/versions', async (_req, { user, params }) => {
  const { meta } = await getServices();
  return Response.json({ versions: await listVersions(meta, user!, params.id) });
});
