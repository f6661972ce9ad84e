import { z } from 'zod';
import { jsonBody, route } from '@/server/auth/route';
import { restoreVersion } from '@/server/meta/saved-queries';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

const body = z.object({ version: z.number().int().min(1), baseVersion: z.number().int().min(1) });

export const POST = route<{ id: string }>('POST /api/saved-queries/[id]/restore', async (req, { user, params }) => {
  const { version, baseVersion } = body.parse(await jsonBody(req));
  const { meta } = await getServices();
  return Response.json({ query: await restoreVersion(meta, user!, params.id, version, baseVersion) });
});
