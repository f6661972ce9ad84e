import { z } from 'zod';
import { route } from '@/server/auth/route';
import { listAudit } from '@/server/meta/audit';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

const params = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200), entity: z.string().max(50).optional(), entityId: z.string().max(100).optional() });

export const GET = route('GET /api/admin/audit', async (req) => {
  const url = new URL(req.url);
  const q = params.parse(Object.fromEntries(url.searchParams));
  const { meta } = await getServices();
  return Response.json({ entries: await listAudit(meta, q) });
});
