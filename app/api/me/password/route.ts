import { z } from 'zod';
import { verifyPassword } from '@/server/auth/passwords';
import { jsonBody, route } from '@/server/auth/route';
import { ServiceError } from '@/server/meta/errors';
import { findUserForSignIn, passwordSchema, updateUser } from '@/server/meta/users';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

const body = z.object({ current: z.string().max(200), password: passwordSchema });

export const PATCH = route('PATCH /api/me/password', async (req, { user }) => {
  const { current, password } = body.parse(await jsonBody(req));
  const { meta } = await getServices();
  const found = await findUserForSignIn(meta, user!.email);
  if (!found?.passwordHash || !(await verifyPassword(current, found.passwordHash))) throw new ServiceError(403, 'the current password is wrong');
  await updateUser(meta, user!.id, { password }, user!);
  return Response.json({ ok: true });
});
