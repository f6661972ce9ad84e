import { handleIngest } from '@/server/ingest/http';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

/** Ingest is authenticated by API key, never by a session. */
export async function POST(req: Request): Promise<Response> {
  const { backend, keys, config } = await getServices();
  return handleIngest(req, { backend, keys, maxBodyBytes: config.maxBodyBytes });
}
