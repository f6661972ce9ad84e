import { z } from 'zod';
import { jsonBody, route } from '@/server/auth/route';
import { mirrorSavedQuery } from '@/server/meta/mirror-saved-query';
import { deleteSavedQuery, getSavedQuery, updateSavedQuery } from '@/server/meta/saved-queries';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

type Params = { id: string };

export const GET = route<Params>('GET /api/saved-queries/[id]', async (_req, { user, params }) => {
  const { meta } = await getServices();
  return Response.json({ query: await getSavedQuery(meta, user!, params.id) });
});

const update = z.looseObject({ baseVersion: z.number({ message: 'send baseVersion: the version you started editing from' }).int().min(1) });

/** Saves a new version; 409 when someone else saved since `baseVersion`. */
export const PUT = route<Params>('PUT /api/saved-queries/[id]', async (req, { user, params }) => {
  const services = await getServices();
  const body = await jsonBody(req);
  const { baseVersion } = update.parse(body);
  const query = await updateSavedQuery(services.meta, user!, params.id, body, baseVersion);
  return Response.json({ query, warning: await mirrorSavedQuery(services, query) });
});

export const DELETE = route<Params>('DELETE /api/saved-queries/[id]', async (_req, { user, params }) => {
  const services = await getServices();
  await deleteSavedQuery(services.meta, user!, params.id);
  return Response.json({ ok: true, warning: await mirrorSavedQuery(services, { id: params.id, deleted: true }) });
});
