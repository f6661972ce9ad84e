import { route } from '@/server/auth/route';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

/** Revokes any key or token. */
export const DELETE = route<{ id: string }>('DELETE /api/admin/keys/[id]', async (_req, { user, params }) => {
  const { keys } = await getServices();
  const { mirrorWarning } = await keys.revoke(params.id, user!, () => true);
  return Response.json({ ok: true, ...(mirrorWarning ? { warning: mirrorWarning } : {}) });
});
