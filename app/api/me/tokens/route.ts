import { z } from 'zod';
import { jsonBody, route } from '@/server/auth/route';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

/** Personal query tokens act as their user (same role) from the CLI. */
export const GET = route('GET /api/me/tokens', async (_req, { user }) => {
  const { keys } = await getServices();
  return Response.json({ tokens: await keys.list({ kind: 'token', userId: user!.id }) });
});

const body = z.object({ name: z.string().trim().min(1, 'name the token after where it is used').max(100) });

export const POST = route('POST /api/me/tokens', async (req, { user }) => {
  const { name } = body.parse(await jsonBody(req));
  const { keys } = await getServices();
  const { key, secret } = await keys.create({ name, kind: 'token', userId: user!.id }, user);
  return Response.json({ token: key, secret }, { status: 201 });
});
