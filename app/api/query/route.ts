import { parse } from '@/lib/query';
import { jsonBody, route } from '@/server/auth/route';
import { engineErrorResponse, queryBody, queryErrorResponse, zodError } from '@/server/query/http';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

/** Runs a Logs Insights query on the local engine: `{query, start, end, sources?}` (epoch ms). */
// access: developer (ad-hoc queries; ACCESS_RULES)
export const POST = route('POST /api/query', async (req) => {
  const body = queryBody.safeParse(await jsonBody(req, 64 * 1024));
  if (!body.success) return zodError(body.error);
  const { query, start, end, sources } = body.data;
  const parsed = parse(query);
  if (!parsed.ok) return queryErrorResponse(parsed.error);
  const { backend } = await getServices();
  const started = performance.now();
  try {
    const result = await backend.query(parsed.query, { start, end }, sources, { signal: req.signal });
    return Response.json({ status: 'Complete', ...result, elapsedMs: Math.round(performance.now() - started) });
  } catch (error) {
    return engineErrorResponse(error, query);
  }
});
