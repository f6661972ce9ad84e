import { route } from '@/server/auth/route';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

/** The store's health in detail (admins): local event count, or CloudWatch's endpoint, log groups, bytes and error. */
export const GET = route('GET /api/admin/health', async () => {
  const { backend, config } = await getServices();
  const health = await backend.health();
  return Response.json({ status: 'ok', mode: config.mode, reachable: health.cloudwatch?.reachable ?? true, ...health });
});
