import { route } from '@/server/auth/route';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

/** Liveness probe: the mode and store counts, no event data. AWS mode says whether CloudWatch answers. */
export const GET = route('GET /api/health', async () => {
  try {
    const { backend, config } = await getServices();
    return Response.json({ status: 'ok', mode: config.mode, ...(await backend.health()) });
  } catch (error) {
    return Response.json({ status: 'error', error: (error as Error).message }, { status: 503 });
  }
});
