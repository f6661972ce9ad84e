import { z } from 'zod';
import { jsonBody, route } from '@/server/auth/route';
import { mirrorSavedQuery } from '@/server/meta/mirror-saved-query';
import { createSavedQuery, listSavedQueries } from '@/server/meta/saved-queries';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

const filter = z.object({ search: z.string().max(200).optional(), folder: z.string().max(100).optional(), tag: z.string().max(40).optional() });

/** The library: team queries plus the caller's private ones. */
export const GET = route('GET /api/saved-queries', async (req, { user }) => {
  const { meta } = await getServices();
  const f = filter.parse(Object.fromEntries(new URL(req.url).searchParams));
  return Response.json({ queries: await listSavedQueries(meta, user!, f) });
});

export const POST = route('POST /api/saved-queries', async (req, { user }) => {
  const services = await getServices();
  const query = await createSavedQuery(services.meta, user!, await jsonBody(req));
  return Response.json({ query, warning: await mirrorSavedQuery(services, query) }, { status: 201 });
});
