import { route } from '@/server/auth/route';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

/**
 * Liveness probe, public: whether the store answers, and nothing more. Region, endpoint, log
 * groups, sizes and AWS error texts (which can name the account and role) are for admins only,
 * at GET /api/admin/health.
 */
export const GET = route('GET /api/health', async () => {
  try {
    const { backend, config } = await getServices();
    const health = await backend.health();
    return Response.json({ status: 'ok', mode: config.mode, reachable: health.cloudwatch?.reachable ?? true });
  } catch {
    return Response.json({ status: 'error', reachable: false }, { status: 503 });
  }
});
