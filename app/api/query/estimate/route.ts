import { route } from '@/server/auth/route';
import { engineErrorResponse, parseRangeParams, zodError } from '@/server/query/http';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

/**
 * AWS mode: a free first guess of what a query over the range and sources would scan and cost
 * (from the log groups' stored bytes), for Explore's confirmation before a wide run. Local
 * queries cost nothing: `{mode: "local"}`.
 */
// access: developer (ad-hoc queries; ACCESS_RULES)
export const GET = route('GET /api/query/estimate', async (req) => {
  const parsed = parseRangeParams(new URL(req.url));
  if (!parsed.success) return zodError(parsed.error);
  const { backend, config } = await getServices();
  if (!backend.estimate) return Response.json({ mode: config.mode });
  try {
    return Response.json({ mode: config.mode, ...(await backend.estimate({ start: parsed.data.start, end: parsed.data.end }, parsed.data.source)) });
  } catch (error) {
    return engineErrorResponse(error, '');
  }
});
