import { jsonBody, route } from '@/server/auth/route';
import { updateUser } from '@/server/meta/users';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

export const PATCH = route<{ id: string }>('PATCH /api/admin/users/[id]', async (req, { user, params }) => {
  const { meta } = await getServices();
  return Response.json({ user: await updateUser(meta, params.id, await jsonBody(req), user!) });
});
