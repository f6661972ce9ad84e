import { CreateTableCommand, DynamoDBClient, GetItemCommand, UpdateTimeToLiveCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import type { RunningMoto } from './moto';
import { uniqueName } from './moto';
import { ConnectionStore } from '../tail/aws/connections';

/** A connections table as infra/ creates it (key `connectionId`, TTL `expiresAt`), in moto. Tests only. */
export async function createConnectionsTable(moto: RunningMoto): Promise<{ table: string; db: DynamoDBClient; store: ConnectionStore; item: (id: string) => Promise<Record<string, AttributeValue> | undefined> }> {
  const db = new DynamoDBClient(moto.client);
  const table = uniqueName('logline-connections');
  await db.send(
    new CreateTableCommand({
      TableName: table,
      KeySchema: [{ AttributeName: 'connectionId', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'connectionId', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  await db.send(new UpdateTimeToLiveCommand({ TableName: table, TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true } }));
  return {
    table,
    db,
    store: new ConnectionStore(db, table),
    item: async (id) => (await db.send(new GetItemCommand({ TableName: table, Key: { connectionId: { S: id } }, ConsistentRead: true }))).Item,
  };
}

/** An API Gateway WebSocket event as Lambda receives it (the fields our handlers read). */
export function wsEvent(connectionId: string, eventType: 'CONNECT' | 'MESSAGE' | 'DISCONNECT', extra: { body?: string; token?: string } = {}): APIGatewayProxyWebsocketEventV2 {
  const routeKey = eventType === 'CONNECT' ? '$connect' : eventType === 'DISCONNECT' ? '$disconnect' : '$default';
  return {
    requestContext: {
      routeKey, messageId: 'm', eventType, extendedRequestId: 'x', requestTime: '', messageDirection: 'IN', stage: 'live', connectedAt: Date.now(),
      requestTimeEpoch: Date.now(), requestId: 'r', domainName: 'abc123.execute-api.us-east-1.amazonaws.com', connectionId, apiId: 'abc123',
    },
    body: extra.body,
    isBase64Encoded: false,
    queryStringParameters: extra.token === undefined ? undefined : { token: extra.token },
  };
}
