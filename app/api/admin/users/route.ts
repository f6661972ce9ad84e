import { jsonBody, route } from '@/server/auth/route';
import { createUser, listUsers } from '@/server/meta/users';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

export const GET = route('GET /api/admin/users', async () => {
  const { meta } = await getServices();
  return Response.json({ users: await listUsers(meta) });
});

/** Creates a user; without a password they can only sign in through OIDC until one is set. */
export const POST = route('POST /api/admin/users', async (req, { user }) => {
  const { meta } = await getServices();
  const created = await createUser(meta, await jsonBody(req), user);
  return Response.json({ user: created }, { status: 201 });
});
