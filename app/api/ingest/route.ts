import { route } from '@/server/auth/route';
import { handleIngest } from '@/server/ingest/http';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

/** Ingest is authenticated by API key inside handleIngest, never by a session. */
export const POST = route('POST /api/ingest', async (req) => {
  return handleIngest(req, (await getServices()).ingest);
});
