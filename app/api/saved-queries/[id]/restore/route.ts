import { z } from 'zod';
import { jsonBody, route } from '@/server/auth/route';
import { mirrorSavedQuery } from '@/server/meta/mirror-saved-query';
import { restoreVersion } from '@/server/meta/saved-queries';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

const body = z.object({ version: z.number().int().min(1), baseVersion: z.number().int().min(1) });

export const POST = route<{ id: string }>('POST /api/saved-queries/[id]/restore', async (req, { user, params }) => {
  const { version, baseVersion } = body.parse(await jsonBody(req));
  const services = await getServices();
  const query = await restoreVersion(services.meta, user!, params.id, version, baseVersion);
  return Response.json({ query, warning: await mirrorSavedQuery(services, query) });
});
