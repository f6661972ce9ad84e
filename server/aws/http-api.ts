import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { IngestDeps } from '../ingest/http';
import { handleIngest } from '../ingest/http';
import { handleOtlpLogs } from '../ingest/otlp/http';
import { json } from '../ingest/edge';

/**
 * The ingest Lambda behind an API Gateway HTTP API (payload format 2.0): the event becomes a Web
 * `Request` and goes to the very handlers the console's `/api/ingest` and `/v1/logs` use, so key
 * check, body formats, gzip, limits, per-event validation and answers are the same code; only
 * the delivery (SQS) and the key lookup (DynamoDB) differ. Adds CORS for browser clients.
 */
export interface IngestApiDeps extends IngestDeps {
  /** Origins browsers may send from (`LOGLINE_CORS_ORIGINS`); `*` for any, empty for none. */
  corsOrigins: readonly string[];
}

type Result = APIGatewayProxyStructuredResultV2;

const ROUTES: Record<string, (req: Request, deps: IngestDeps) => Promise<Response>> = {
  '/api/ingest': handleIngest,
  '/v1/logs': handleOtlpLogs,
};

/** Request headers a browser client may send; `Retry-After` is the answer header it must see. */
const ALLOWED_HEADERS = 'authorization, content-type, content-encoding, x-api-key, x-logline-source, x-logline-stream';

export async function handleIngestApi(event: APIGatewayProxyEventV2, deps: IngestApiDeps): Promise<Result> {
  const method = event.requestContext.http.method.toUpperCase();
  const path = routePath(event);
  const origin = header(event, 'origin');
  const cors = corsHeaders(origin, deps.corsOrigins);
  const route = ROUTES[path];
  if (!route) return toResult(json(404, { error: `no ingest route at ${path}: send events to POST /api/ingest or OTLP logs to POST /v1/logs` }), cors);
  if (method === 'OPTIONS') {
    if (origin && !cors) return toResult(json(403, { error: `origin ${origin} may not send events here; add it to LOGLINE_CORS_ORIGINS` }), null);
    return { statusCode: 204, headers: { ...cors, 'access-control-allow-methods': 'POST', 'access-control-allow-headers': ALLOWED_HEADERS, 'access-control-max-age': '600' } };
  }
  if (method !== 'POST') return toResult(json(405, { error: `${method} is not allowed here: send events with POST` }, { allow: 'POST, OPTIONS' }), cors);
  return toResult(await route(toRequest(event), deps), cors);
}

/** The route's path: API Gateway puts a named stage in front of it (`/prod/api/ingest`). */
function routePath(event: APIGatewayProxyEventV2): string {
  const stage = event.requestContext.stage;
  const raw = event.rawPath || '/';
  return stage && stage !== '$default' && raw.startsWith(`/${stage}/`) ? raw.slice(stage.length + 1) : raw;
}

function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  // HTTP APIs lower-case header names in payload 2.0; be lenient with hand-made events anyway.
  const headers = event.headers ?? {};
  return headers[name] ?? Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
}

function corsHeaders(origin: string | undefined, allowed: readonly string[]): Record<string, string> | null {
  if (!origin) return {};
  if (allowed.includes('*')) return { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'retry-after' };
  if (!allowed.includes(origin)) return null;
  return { 'access-control-allow-origin': origin, 'access-control-expose-headers': 'retry-after', vary: 'origin' };
}

export function toRequest(event: APIGatewayProxyEventV2): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(event.headers ?? {})) if (value !== undefined) headers.set(name, value);
  const host = event.requestContext.domainName || 'ingest.invalid';
  const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
  const body = event.body === undefined || event.body === null ? undefined : Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
  return new Request(`https://${host}${event.rawPath || '/'}${query}`, { method: event.requestContext.http.method, headers, body });
}

/** A Response as an HTTP API result; binary bodies (OTLP protobuf) go base64-encoded. */
export async function toResult(res: Response, cors: Record<string, string> | null): Promise<Result> {
  const headers: Record<string, string> = { ...(cors ?? {}) };
  res.headers.forEach((value, name) => (headers[name] = value));
  const type = res.headers.get('content-type') ?? '';
  const bytes = Buffer.from(await res.arrayBuffer());
  const text = /^(application\/json|text\/)/.test(type) || bytes.length === 0;
  return { statusCode: res.status, headers, body: text ? bytes.toString('utf8') : bytes.toString('base64'), isBase64Encoded: !text };
}

/** `LOGLINE_CORS_ORIGINS`: a comma-separated list of origins (`https://app.example.com`), or `*`. */
export function parseCorsOrigins(list: string | undefined): string[] {
  return (list ?? '')
    .split(',')
    .map((o) => o.trim().replace(/\/$/, ''))
    .filter((o) => o !== '');
}
