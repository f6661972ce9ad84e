import { z } from 'zod';
import { route } from '@/server/auth/route';
import { getServices } from '@/server/registry';
import { consoleLogsClient, listTailableLogGroups } from '@/server/tail/cloudwatch-groups';

export const dynamic = 'force-dynamic';

const params = z.object({
  search: z.string().max(512).optional(),
  next: z.string().max(4096).optional(),
});

/** AWS mode: CloudWatch log groups outside Logline's prefix, for the live-tail picker (StartLiveTail). */
export const GET = route('GET /api/tail/log-groups', async (req) => {
  const url = new URL(req.url);
  const parsed = params.parse({ search: url.searchParams.get('search') ?? undefined, next: url.searchParams.get('next') ?? undefined });
  const { config } = await getServices();
  if (config.mode !== 'aws') return Response.json({ mode: 'local', groups: [] });
  const listed = await listTailableLogGroups(consoleLogsClient(config), config.aws.logGroupPrefix, { search: parsed.search, nextToken: parsed.next });
  return Response.json({ mode: 'aws', ...listed });
});
