import { z } from 'zod';
import { route } from '@/server/auth/route';
import { engineErrorResponse } from '@/server/query/http';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

const params = z.object({
  /** 0: only the sources (in AWS mode reading events is a billed Logs Insights query). */
  limit: z.coerce.number().int().min(0).max(1000).default(100),
  before: z.coerce.number().int().min(0).optional(),
  source: z.array(z.string().min(1).max(512)).max(50).default([]),
});

/** The latest events, newest first (the Explore page's first view). */
export const GET = route('GET /api/events', async (req) => {
  const url = new URL(req.url);
  const parsed = params.safeParse({
    limit: url.searchParams.get('limit') ?? undefined,
    before: url.searchParams.get('before') ?? undefined,
    source: url.searchParams.getAll('source'),
  });
  if (!parsed.success) {
    return Response.json({ error: `bad query parameters: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` }, { status: 400 });
  }
  const { backend } = await getServices();
  try {
    const [events, sources] = await Promise.all([
      parsed.data.limit === 0 ? [] : backend.latest({ limit: parsed.data.limit, before: parsed.data.before, sources: parsed.data.source }),
      backend.sources(),
    ]);
    return Response.json({ events, sources });
  } catch (error) {
    return engineErrorResponse(error, '');
  }
});
