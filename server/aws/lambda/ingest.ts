import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { z } from 'zod';
import { handleIngestApi, parseCorsOrigins, type IngestApiDeps } from '../http-api';
import { DynamoIngestKeys } from '../ingest-keys';
import { queueDelivery } from '../../ingest/delivery';
import { QueueProducer, SAFE_MESSAGE_BYTES } from '../../sqs/producer';

/**
 * The ingest Lambda (API Gateway HTTP API, payload 2.0; routes POST /api/ingest and POST /v1/logs,
 * plus OPTIONS for CORS preflights): the console's ingest handlers, with keys from DynamoDB and
 * delivery to SQS. Needs sqs:SendMessage on the queue and dynamodb:GetItem on the keys table.
 */
const origin = z.string().refine((o) => o === '*' || /^https?:\/\/[^/\s]+$/.test(o), 'each origin is scheme://host[:port], or *');

const env = z.object({
  LOGLINE_QUEUE_URL: z.url(),
  LOGLINE_KEYS_TABLE: z.string().min(3),
  LOGLINE_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(5 * 1024 * 1024),
  LOGLINE_CORS_ORIGINS: z.string().default('').transform(parseCorsOrigins).pipe(z.array(origin)),
  LOGLINE_SQS_MAX_MESSAGE_BYTES: z.coerce.number().int().min(16 * 1024).max(1_048_576).default(SAFE_MESSAGE_BYTES),
  LOGLINE_AWS_ENDPOINT: z.url().optional(),
  AWS_REGION: z.string().min(1).optional(),
});

let deps: IngestApiDeps | undefined;

/** Once per cold start: settings checked, clients built. */
function init(): IngestApiDeps {
  const e = env.parse(process.env);
  const aws = { region: e.AWS_REGION, endpoint: e.LOGLINE_AWS_ENDPOINT };
  const producer = new QueueProducer(new SQSClient(aws), { queueUrl: e.LOGLINE_QUEUE_URL, maxMessageBytes: e.LOGLINE_SQS_MAX_MESSAGE_BYTES });
  return {
    keys: new DynamoIngestKeys(new DynamoDBClient(aws), e.LOGLINE_KEYS_TABLE),
    maxBodyBytes: e.LOGLINE_MAX_BODY_BYTES,
    deliver: queueDelivery(producer),
    corsOrigins: e.LOGLINE_CORS_ORIGINS,
  };
}

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  deps ??= init();
  return handleIngestApi(event, deps);
}
