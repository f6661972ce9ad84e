import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { uniqueName } from './moto';

/** A real API Gateway HTTP API (payload 2.0) event, as the ingest Lambda receives it. */
export function httpApiEvent(method: string, path: string, options: { headers?: Record<string, string>; body?: string | Buffer; stage?: string; query?: string } = {}): APIGatewayProxyEventV2 {
  const binary = Buffer.isBuffer(options.body);
  const stage = options.stage ?? '$default';
  const now = new Date();
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: stage === '$default' ? path : `/${stage}${path}`,
    rawQueryString: options.query ?? '',
    // API Gateway also splits the query string (repeated names joined with commas).
    ...(options.query ? { queryStringParameters: Object.fromEntries([...new URLSearchParams(options.query)].reduce((m, [k, v]) => m.set(k, m.has(k) ? `${m.get(k)},${v}` : v), new Map<string, string>())) } : {}),
    headers: Object.fromEntries(Object.entries({ 'user-agent': 'test', ...(options.body !== undefined ? { 'content-length': String(Buffer.byteLength(options.body)) } : {}), ...options.headers }).map(([k, v]) => [k.toLowerCase(), v])),
    requestContext: {
      accountId: '123456789012',
      apiId: 'api123',
      domainName: 'api123.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'api123',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'test' },
      requestId: uniqueName('req'),
      routeKey: `${method} ${path}`,
      stage,
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: options.body === undefined ? undefined : binary ? (options.body as Buffer).toString('base64') : (options.body as string),
    isBase64Encoded: binary,
  };
}

/** An SQS event as the event source mapping hands it to the consumer Lambda. */
export function sqsEvent(messages: readonly Message[], queueArn = 'arn:aws:sqs:us-east-1:123456789012:ingest'): SQSEvent {
  return {
    Records: messages.map((m) => ({
      messageId: m.MessageId!,
      receiptHandle: m.ReceiptHandle!,
      body: m.Body!,
      attributes: {
        ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? '1',
        SentTimestamp: m.Attributes?.SentTimestamp ?? String(Date.now()),
        SenderId: 'AIDAEXAMPLE',
        ApproximateFirstReceiveTimestamp: String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: m.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion: 'us-east-1',
    })),
  };
}

/**
 * What Lambda's SQS event source mapping does: receive batches, invoke the handler, delete what
 * it did not list in `batchItemFailures`. Stops when a receive comes back empty.
 */
export async function pumpQueue(
  sqs: SQSClient,
  queueUrl: string,
  handler: (event: SQSEvent) => Promise<SQSBatchResponse>,
  options: { visibilityTimeout?: number; batchSize?: number } = {},
): Promise<{ batches: number; failures: string[] }> {
  let batches = 0;
  const failures: string[] = [];
  for (;;) {
    const r = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: options.batchSize ?? 10, WaitTimeSeconds: 0, VisibilityTimeout: options.visibilityTimeout ?? 30, MessageSystemAttributeNames: ['All'] }),
    );
    const messages = r.Messages ?? [];
    if (messages.length === 0) return { batches, failures };
    batches++;
    const out = await handler(sqsEvent(messages));
    const failed = new Set(out.batchItemFailures.map((f) => f.itemIdentifier));
    failures.push(...failed);
    const done = messages.filter((m) => !failed.has(m.MessageId!));
    if (done.length > 0) await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })) }));
  }
}

/** The two tables infra/ makes for the log path: keys (`hash`) and dedupe (`messageId`). */
export async function createTables(dynamo: DynamoDBClient): Promise<{ keysTable: string; dedupeTable: string }> {
  const keysTable = uniqueName('keys');
  const dedupeTable = uniqueName('dedupe');
  await dynamo.send(new CreateTableCommand({ TableName: keysTable, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'hash', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'hash', KeyType: 'HASH' }] }));
  await dynamo.send(new CreateTableCommand({ TableName: dedupeTable, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'messageId', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'messageId', KeyType: 'HASH' }] }));
  return { keysTable, dedupeTable };
}
