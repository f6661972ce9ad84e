import { z } from 'zod';
import { parse } from '@/lib/query';
import { jsonBody, route } from '@/server/auth/route';
import { getSavedQuery } from '@/server/meta/saved-queries';
import { queryErrorResponse, runRange, zodError } from '@/server/query/http';
import { answerQuery } from '@/server/query/stream';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

const body = z.intersection(runRange, z.object({ sources: z.array(z.string().min(1).max(512)).max(50).optional() }));

/** Runs a saved query over a chosen range: how viewers, who cannot write queries, use the library. */
export const POST = route<{ id: string }>('POST /api/saved-queries/[id]/run', async (req, { user, params }) => {
  const range = body.safeParse(await jsonBody(req));
  if (!range.success) return zodError(range.error);
  const { meta, backend } = await getServices();
  const saved = await getSavedQuery(meta, user!, params.id);
  const parsed = parse(saved.ql);
  if (!parsed.ok) return queryErrorResponse(parsed.error);
  return answerQuery(req, saved.ql, (hooks) => backend.query(parsed.query, { start: range.data.start, end: range.data.end }, range.data.sources, hooks));
});
