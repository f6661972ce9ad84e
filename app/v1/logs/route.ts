import { route } from '@/server/auth/route';
import { handleOtlpLogs } from '@/server/ingest/otlp/http';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

/** OTLP/HTTP logs (JSON or protobuf). Authenticated by ingest API key inside the handler, never by a session. */
export const POST = route('POST /v1/logs', async (req) => {
  return handleOtlpLogs(req, (await getServices()).ingest);
});
