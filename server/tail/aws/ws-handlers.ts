import { randomUUID } from 'node:crypto';
import { type ApiGatewayManagementApiClient, DeleteConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import type { APIGatewayProxyStructuredResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { hasRole } from '../../auth/roles';
import { compileTailFilter, type FilterCompiler } from '../filter';
import { MAX_INVALID_MESSAGES, parseClientMessage, subscribedReply } from '../protocol';
import type { ConnectionStore } from './connections';
import { postJson } from './management';
import { verifyTailToken } from './token';

/**
 * The API Gateway WebSocket routes of live tail in AWS mode. The Lambda entry files
 * (server/aws/lambda/ws-*.ts) only build these dependencies once per cold start.
 */
export interface WsDeps {
  store: ConnectionStore;
  secret: () => Promise<string>;
  /** The `@connections` client for the API and stage the event came from. */
  management: (endpoint: string) => ApiGatewayManagementApiClient;
  compile?: FilterCompiler;
  now?: () => number;
}

type Result = APIGatewayProxyStructuredResultV2;
const answer = (statusCode: number, body: string): Result => ({ statusCode, body });

/** The `@connections` endpoint of the API the event came through (aws-limits.md §7.2). */
export function callbackUrl(event: APIGatewayProxyWebsocketEventV2): string {
  const { domainName, stage } = event.requestContext;
  return `https://${domainName}/${stage}`;
}

/** `$connect`: only with a valid, unexpired token of a developer or admin; the connection is stored with a TTL. */
export async function onConnect(event: APIGatewayProxyWebsocketEventV2, deps: WsDeps): Promise<Result> {
  const token = event.queryStringParameters?.token;
  if (!token) return answer(401, 'Live tail needs a token: the console gives one at /api/tail/connect.');
  const verified = verifyTailToken(token, await deps.secret(), (deps.now ?? Date.now)());
  if (!verified.ok) return answer(401, verified.reason === 'expired' ? 'The live-tail token expired; ask the console for a new one.' : 'The live-tail token is not valid.');
  if (!hasRole(verified.claims.role, 'developer')) return answer(403, `Live tail needs the developer role; you are ${verified.claims.role}.`);
  await deps.store.put({ connectionId: event.requestContext.connectionId, userId: verified.claims.sub, role: verified.claims.role }, (deps.now ?? Date.now)());
  return answer(200, 'connected');
}

/** `$disconnect`: forget the connection at once (TTL deletion can lag by days). */
export async function onDisconnect(event: APIGatewayProxyWebsocketEventV2, deps: WsDeps): Promise<Result> {
  await deps.store.delete(event.requestContext.connectionId);
  return answer(200, 'disconnected');
}

/**
 * `$default`: the messages of server/tail/protocol.ts, answered in the shapes the console's
 * /ws/tail sends: `subscribed`, `unsubscribed`, or `error` (with line/column for a bad filter).
 * The connection survives bad messages; after too many it is closed.
 */
export async function onMessage(event: APIGatewayProxyWebsocketEventV2, deps: WsDeps): Promise<Result> {
  const connectionId = event.requestContext.connectionId;
  const client = deps.management(callbackUrl(event));
  const reply = async (message: unknown) => {
    const outcome = await postJson(client, connectionId, JSON.stringify(message));
    if (!outcome.ok && outcome.gone) await deps.store.delete(connectionId);
    else if (!outcome.ok) console.warn(`live tail: could not answer connection ${connectionId} (${outcome.error})`);
  };
  const parsed = parseClientMessage(event.isBase64Encoded ? undefined : event.body);
  if (!parsed.ok) {
    await reply({ type: 'error', message: parsed.error });
    if ((await deps.store.countInvalid(connectionId)) > MAX_INVALID_MESSAGES) {
      await client.send(new DeleteConnectionCommand({ ConnectionId: connectionId })).catch(() => undefined);
      await deps.store.delete(connectionId);
    }
    return answer(200, 'invalid message');
  }
  const msg = parsed.message;
  if (msg.type === 'ping') return answer(200, 'pong');
  if (msg.type === 'unsubscribe') {
    await deps.store.unsubscribe(connectionId);
    await reply({ type: 'unsubscribed' });
    return answer(200, 'unsubscribed');
  }
  if (msg.logGroups.length > 0) {
    await reply({ type: 'error', message: 'CloudWatch log groups are tailed through the console (/ws/tail), not this connection; subscribe here to Logline sources only.' });
    return answer(200, 'refused');
  }
  const compiled = (deps.compile ?? compileTailFilter)(msg.filter);
  if (!compiled.ok) {
    await reply({ type: 'error', message: compiled.message, line: compiled.line, column: compiled.column });
    return answer(200, 'bad filter');
  }
  const id = randomUUID();
  const stored = await deps.store.subscribe(connectionId, { subscriptionId: id, sources: msg.sources, filter: msg.filter, maxRate: msg.maxRate, buffer: msg.buffer }, (deps.now ?? Date.now)());
  if (!stored) return answer(410, 'connection gone');
  await reply(subscribedReply(id, msg));
  return answer(200, 'subscribed');
}
