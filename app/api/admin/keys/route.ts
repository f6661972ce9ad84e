import { z } from 'zod';
import { jsonBody, route } from '@/server/auth/route';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

export const GET = route('GET /api/admin/keys', async () => {
  const { keys } = await getServices();
  return Response.json({ keys: await keys.list() });
});

const body = z.object({
  name: z.string().trim().min(1, 'name the key after the producer that uses it').max(100),
  source: z
    .string()
    .trim()
    .min(1)
    .max(512)
    .regex(/^[\w.\-/]+$/, 'sources are letters, digits, and . _ - /')
    .nullable()
    .default(null),
});

/** Ingest keys, optionally bound to a source. The secret is in this answer only. */
export const POST = route('POST /api/admin/keys', async (req, { user }) => {
  const { name, source } = body.parse(await jsonBody(req));
  const { keys } = await getServices();
  const { key, secret, mirrorWarning } = await keys.create({ name, kind: 'ingest', source }, user);
  return Response.json({ key, secret, ...(mirrorWarning ? { warning: mirrorWarning } : {}) }, { status: 201 });
});
