import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogEvent } from '@/lib/events';
import { queueDelivery } from '../../ingest/delivery';
import { QueueProducer } from '../../sqs/producer';
import { messages, readGroup } from '../../test-support/cloudwatch';
import { createTables, pumpQueue } from '../../test-support/lambda';
import { startMoto, uniqueName, type RunningMoto } from '../../test-support/moto';
import { createQueues } from '../../test-support/sqs';
import { createConnectionsTable } from '../../test-support/tail-connections';

/**
 * The consumer Lambda as deployed with live tail: events it stores reach the WebSocket
 * subscribers whose filter matches. SQS, DynamoDB and CloudWatch Logs are moto; PostToConnection
 * is checked at the SDK boundary (moto accepts posts but cannot show what a connection received).
 */
const api = mockClient(ApiGatewayManagementApiClient);
let moto: RunningMoto;

beforeAll(async () => {
  moto = await startMoto();
  api.on(PostToConnectionCommand).resolves({});
});
afterAll(async () => {
  api.restore();
  await moto?.stop();
});

describe('consumer Lambda with live tail', () => {
  it('posts each stored event to the connections whose filter selects it, and only those', async () => {
    const sqs = new SQSClient(moto.client);
    const queues = await createQueues(sqs, { maxReceiveCount: 3 });
    const { dedupeTable } = await createTables(new DynamoDBClient(moto.client));
    const { table, store } = await createConnectionsTable(moto);
    await store.put({ connectionId: 'errors-only', userId: 'u1', role: 'developer' });
    await store.subscribe('errors-only', { subscriptionId: 's1', sources: [], filter: 'level = "error"', maxRate: 1000, buffer: 1000 });
    await store.put({ connectionId: 'web-only', userId: 'u2', role: 'developer' });
    await store.subscribe('web-only', { subscriptionId: 's2', sources: ['web'], filter: '', maxRate: 1000, buffer: 1000 });
    const prefix = `/${uniqueName('tail')}/`;
    Object.assign(process.env, moto.env, {
      LOGLINE_DEDUPE_TABLE: dedupeTable,
      LOGLINE_LOG_GROUP_PREFIX: prefix,
      LOGLINE_CONNECTIONS_TABLE: table,
      LOGLINE_TAIL_WS_URL: 'wss://abc123.execute-api.us-east-1.amazonaws.com/live',
    });
    const { handler } = await import('./consumer');

    const now = Date.now();
    const deliver = queueDelivery(new QueueProducer(sqs, { queueUrl: queues.queueUrl }));
    await deliver({
      values: [
        { source: 'api', level: 'ERROR', message: 'payment failed', timestamp: now - 3 },
        { source: 'api', level: 'info', message: 'ok', timestamp: now - 2 },
        { source: 'web', level: 'error', message: 'render failed', timestamp: now - 1 },
      ],
    });
    await pumpQueue(sqs, queues.queueUrl, handler);

    const received = (id: string) =>
      api.commandCalls(PostToConnectionCommand)
        .filter((c) => c.args[0].input.ConnectionId === id)
        .flatMap((c) => (JSON.parse(Buffer.from(c.args[0].input.Data as Uint8Array).toString()) as { events: LogEvent[] }).events.map((e) => e.fields.message));
    expect(received('errors-only').sort()).toEqual(['payment failed', 'render failed']);
    expect(received('web-only')).toEqual(['render failed']);
    // The events were stored first: tail shows what Explore will find.
    expect(messages(await readGroup(new CloudWatchLogsClient(moto.client), `${prefix}api`)).map((m) => m.message)).toEqual(['payment failed', 'ok']);
  });
});
