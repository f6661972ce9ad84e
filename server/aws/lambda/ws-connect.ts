import type { APIGatewayProxyWebsocketHandlerV2 } from 'aws-lambda';
import { wsDepsFromEnv } from '@/server/tail/aws/lambda-deps';
import { onConnect } from '@/server/tail/aws/ws-handlers';

/** Live tail, API Gateway WebSocket `$connect` route: verifies the token signed by the console and stores the connection. */
const deps = wsDepsFromEnv();

export const handler: APIGatewayProxyWebsocketHandlerV2 = (event) => onConnect(event, deps);
