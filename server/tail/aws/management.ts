import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';

/**
 * The API Gateway `@connections` API for the live-tail WebSocket. Its endpoint is the WebSocket
 * URL with https: `wss://{api}.execute-api.{region}.amazonaws.com/{stage}` →
 * `https://{api}.execute-api.{region}.amazonaws.com/{stage}` (aws-limits.md §7.2).
 */
export function managementEndpoint(wsUrl: string): string {
  const url = new URL(wsUrl);
  if (url.protocol !== 'wss:' && url.protocol !== 'ws:') throw new Error(`LOGLINE_TAIL_WS_URL must be a wss:// URL, not ${url.protocol}`);
  const stage = url.pathname.replace(/\/+$/, '');
  if (!stage || stage === '/') throw new Error('LOGLINE_TAIL_WS_URL must name the stage, e.g. wss://abc123.execute-api.eu-west-1.amazonaws.com/live');
  return `${url.protocol === 'wss:' ? 'https' : 'http'}://${url.host}${stage}`;
}

export function managementClient(endpoint: string, region?: string): ApiGatewayManagementApiClient {
  return new ApiGatewayManagementApiClient({ endpoint, region });
}

export type PostOutcome = { ok: true } | { ok: false; gone: boolean; error: string };

/** Posts one JSON message; never throws (a connection that fails is the caller's to count). */
export async function postJson(client: ApiGatewayManagementApiClient, connectionId: string, data: string | Uint8Array): Promise<PostOutcome> {
  try {
    await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: typeof data === 'string' ? Buffer.from(data) : data }));
    return { ok: true };
  } catch (error) {
    const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
    const gone = e.name === 'GoneException' || e.$metadata?.httpStatusCode === 410;
    return { ok: false, gone, error: `${e.name ?? 'Error'}: ${e.message ?? String(error)}` };
  }
}
