import { parse } from '@/lib/query';
import { jsonBody, route } from '@/server/auth/route';
import { queryBody, queryErrorResponse, zodError } from '@/server/query/http';
import { answerQuery } from '@/server/query/stream';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

/**
 * Runs a Logs Insights query (local engine or CloudWatch): `{query, start, end, sources?}`
 * (epoch ms). JSON, or NDJSON lines with partial results for `Accept: application/x-ndjson`.
 */
// access: developer (ad-hoc queries; ACCESS_RULES)
export const POST = route('POST /api/query', async (req) => {
  const body = queryBody.safeParse(await jsonBody(req, 64 * 1024));
  if (!body.success) return zodError(body.error);
  const { query, start, end, sources } = body.data;
  const parsed = parse(query);
  if (!parsed.ok) return queryErrorResponse(parsed.error);
  const { backend } = await getServices();
  return answerQuery(req, query, (hooks) => backend.query(parsed.query, { start, end }, sources, hooks));
});
