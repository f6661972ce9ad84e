import { route } from '@/server/auth/route';
import { engineErrorResponse, parseRangeParams, valuesParams, zodError } from '@/server/query/http';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

/** The most frequent values of one field in a range, with their counts. */
// access: developer (query builder; ACCESS_RULES)
export const GET = route<{ name: string }>('GET /api/fields/[name]/values', async (req, { params }) => {
  const url = new URL(req.url);
  const range = parseRangeParams(url);
  if (!range.success) return zodError(range.error);
  const field = valuesParams.safeParse({ name: params.name, limit: url.searchParams.get('limit') ?? undefined });
  if (!field.success) return zodError(field.error);
  const { backend } = await getServices();
  try {
    const values = await backend.values(field.data.name, { start: range.data.start, end: range.data.end }, range.data.source, field.data.limit, { signal: req.signal });
    return Response.json({ field: field.data.name, values });
  } catch (error) {
    return engineErrorResponse(error, '');
  }
});
