import type { APIGatewayProxyWebsocketHandlerV2 } from 'aws-lambda';
import { wsDepsFromEnv } from '@/server/tail/aws/lambda-deps';
import { onDisconnect } from '@/server/tail/aws/ws-handlers';

/** Live tail, API Gateway WebSocket `$disconnect` route: forgets the connection. */
const deps = wsDepsFromEnv();

export const handler: APIGatewayProxyWebsocketHandlerV2 = (event) => onDisconnect(event, deps);
