import { parse } from '@/lib/query';
import { previousRange } from '@/lib/dashboards/model';
import { jsonBody, route } from '@/server/auth/route';
import { panelQuery } from '@/server/meta/dashboards';
import { engineErrorResponse, queryErrorResponse, runRange, zodError } from '@/server/query/http';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

/**
 * Runs one panel over a range. Everyone who sees the dashboard may run its panels; a "number"
 * panel also runs over the period before, for its change.
 */
export const POST = route<{ id: string; panelId: string }>('POST /api/dashboards/[id]/panels/[panelId]/run', async (req, { user, params }) => {
  const range = runRange.safeParse(await jsonBody(req));
  if (!range.success) return zodError(range.error);
  const { meta, backend } = await getServices();
  const { panel, query } = await panelQuery(meta, user!, params.id, params.panelId);
  const parsed = parse(query.ql);
  if (!parsed.ok) return queryErrorResponse(parsed.error);
  const started = performance.now();
  try {
    const [result, previous] = await Promise.all([
      backend.query(parsed.query, range.data, [], { signal: req.signal }),
      panel.viz === 'number' ? backend.query(parsed.query, previousRange(range.data), [], { signal: req.signal }) : null,
    ]);
    return Response.json({ status: 'Complete', ql: query.ql, queryName: query.name, range: range.data, ...result, previous, elapsedMs: Math.round(performance.now() - started) });
  } catch (error) {
    return engineErrorResponse(error, query.ql);
  }
});
