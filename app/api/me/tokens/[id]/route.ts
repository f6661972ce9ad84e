import { route } from '@/server/auth/route';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

export const DELETE = route<{ id: string }>('DELETE /api/me/tokens/[id]', async (_req, { user, params }) => {
  const { keys } = await getServices();
  await keys.revoke(params.id, user!, (k) => k.kind === 'token' && k.userId === user!.id);
  return Response.json({ ok: true });
});
