import { route } from '@/server/auth/route';
import { corsPreflight, withCors } from '@/server/ingest/edge';
import { handleIngest } from '@/server/ingest/http';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

/** Ingest is authenticated by API key inside handleIngest, never by a session. */
export const POST = route('POST /api/ingest', async (req) => {
  return withCors(await handleIngest(req, (await getServices()).ingest));
});

/** CORS preflight for browser producers (the JS SDK); it carries no key and grants nothing. */
export const OPTIONS = route('OPTIONS /api/ingest', async () => corsPreflight());
