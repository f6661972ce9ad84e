import { z } from 'zod';
import { route } from '@/server/auth/route';
import { engineErrorResponse } from '@/server/query/http';
import { getServices } from '@/server/registry';
import { fromAwsError } from '@/server/store/cloudwatch/insights-errors';
import { listTailableLogGroups } from '@/server/tail/cloudwatch-groups';

export const dynamic = 'force-dynamic';

const params = z.object({
  search: z.string().max(512).optional(),
  next: z.string().max(4096).optional(),
});

/** AWS mode: CloudWatch log groups outside Logline's prefix, for the live-tail picker (StartLiveTail). */
export const GET = route('GET /api/tail/log-groups', async (req) => {
  const url = new URL(req.url);
  const parsed = params.parse({ search: url.searchParams.get('search') ?? undefined, next: url.searchParams.get('next') ?? undefined });
  const { config, cloudwatch } = await getServices();
  if (config.mode !== 'aws' || !cloudwatch) return Response.json({ mode: 'local', groups: [] });
  try {
    const listed = await listTailableLogGroups(cloudwatch, config.aws.logGroupPrefix, { search: parsed.search, nextToken: parsed.next });
    return Response.json({ mode: 'aws', ...listed });
  } catch (error) {
    // Unreachable, timed out, throttled, no credentials: 503 with Retry-After and what to check.
    const known = fromAwsError(error, { where: config.aws.endpoint ?? config.aws.region ?? 'AWS' });
    if (known) return engineErrorResponse(known, '');
    throw error;
  }
});
