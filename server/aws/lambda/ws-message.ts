import type { APIGatewayProxyWebsocketHandlerV2 } from 'aws-lambda';
import { wsDepsFromEnv } from '@/server/tail/aws/lambda-deps';
import { onMessage } from '@/server/tail/aws/ws-handlers';

/** Live tail, API Gateway WebSocket `$default` route: subscribe / unsubscribe / ping, answered with PostToConnection. */
const deps = wsDepsFromEnv();

export const handler: APIGatewayProxyWebsocketHandlerV2 = (event) => onMessage(event, deps);
