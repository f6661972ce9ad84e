import { route } from '@/server/auth/route';
import { getServices } from '@/server/registry';
import { tailConnectInfo } from '@/server/tail/aws/connect';

export const dynamic = 'force-dynamic';

/** Where the live-tail page connects: /ws/tail locally; in AWS mode the API Gateway WebSocket, with a one-minute token. */
export const GET = route('GET /api/tail/connect', async (_req, { user }) => {
  const { config } = await getServices();
  return Response.json(await tailConnectInfo(config, user!), { headers: { 'cache-control': 'no-store' } });
});
