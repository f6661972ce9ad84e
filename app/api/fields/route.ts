import { route } from '@/server/auth/route';
import { engineErrorResponse, parseRangeParams, zodError } from '@/server/query/http';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

/** Fields of the events in a range, with type and frequency (sampled above 200 000 events). */
// access: developer (query builder; ACCESS_RULES)
export const GET = route('GET /api/fields', async (req) => {
  const parsed = parseRangeParams(new URL(req.url));
  if (!parsed.success) return zodError(parsed.error);
  const { backend } = await getServices();
  try {
    return Response.json(await backend.fields({ start: parsed.data.start, end: parsed.data.end }, parsed.data.source, { signal: req.signal }));
  } catch (error) {
    return engineErrorResponse(error, '');
  }
});
