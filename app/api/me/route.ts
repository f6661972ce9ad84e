import { route } from '@/server/auth/route';

export const dynamic = 'force-dynamic';

export const GET = route('GET /api/me', async (_req, { user }) => Response.json({ user }));
