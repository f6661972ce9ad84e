import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context, SQSEvent, SQSBatchResponse } from 'aws-lambda';
import { z } from 'zod';
import { consumeBatch, type AfterStoreSink, type ConsumerDeps } from '../../sqs/consumer';
import { DedupeStore } from '../../sqs/dedupe';
import { CloudWatchWriter } from '../../store/cloudwatch/writer';
import { DEFAULT_LOG_GROUP_PREFIX, LOG_GROUP_PREFIX_PATTERN, RETENTION_DAYS } from '../../store/cloudwatch/log-groups';
import { loadConfig } from '../../config';
import type { IngestStages } from '../../ingest/pipeline';
import { StormGuard } from '../../ingest/storm-guard';
import { fanOutFromSettings } from '../../tail/aws/fanout-config';

/**
 * The SQS-triggered consumer Lambda (event source mapping with ReportBatchItemFailures): the same
 * consumer as `logline worker`. Needs logs:CreateLogGroup, logs:PutRetentionPolicy,
 * logs:CreateLogStream, logs:PutLogEvents on `log-group:<prefix>*`, and dynamodb:PutItem,
 * dynamodb:DeleteItem on the dedupe table; with live tail, dynamodb:Scan, dynamodb:UpdateItem,
 * dynamodb:DeleteItem on the connections table and execute-api:ManageConnections (POST).
 */
const env = z.object({
  LOGLINE_LOG_GROUP_PREFIX: z.string().regex(LOG_GROUP_PREFIX_PATTERN, 'LOGLINE_LOG_GROUP_PREFIX may hold only letters, digits and . - _ / #').default(DEFAULT_LOG_GROUP_PREFIX),
  LOGLINE_LOG_RETENTION_DAYS: z.coerce.number().int().refine((d) => (RETENTION_DAYS as readonly number[]).includes(d), `one of ${RETENTION_DAYS.join(', ')}`).default(30),
  LOGLINE_DEDUPE_TABLE: z.string().min(3),
  /** The live-tail fan-out: both set when the WebSocket API is deployed, else the consumer only stores. */
  LOGLINE_CONNECTIONS_TABLE: z.string().min(3).optional(),
  LOGLINE_TAIL_WS_URL: z.url().optional(),
  LOGLINE_AWS_ENDPOINT: z.url().optional(),
  AWS_REGION: z.string().min(1).optional(),
});

/** Used when the runtime gives no deadline (tests); a Lambda passes its remaining time. */
const DEFAULT_LEASE_MS = 60_000;

type Consumer = Omit<ConsumerDeps, 'leaseMs'>;
let consumer: Consumer | undefined;

function init(): Consumer {
  const e = env.parse(process.env);
  const aws = { region: e.AWS_REGION, endpoint: e.LOGLINE_AWS_ENDPOINT };
  // The storm guard samples per consumer instance (LOGLINE_STORM_* settings); kept events still say
  // how many each stands for (logline.represents), so counts stay exact.
  const stages: IngestStages = { guard: new StormGuard(loadConfig(process.env).storm).guard };
  // Built once per cold start: its subscription cache and each connection's sampling live in it.
  const fanOut = fanOutFromSettings({ connectionsTable: e.LOGLINE_CONNECTIONS_TABLE, tailWsUrl: e.LOGLINE_TAIL_WS_URL, ...aws });
  const afterStore: AfterStoreSink[] = fanOut ? [fanOut] : [];
  return {
    writer: new CloudWatchWriter(new CloudWatchLogsClient(aws), { prefix: e.LOGLINE_LOG_GROUP_PREFIX, retentionDays: e.LOGLINE_LOG_RETENTION_DAYS }),
    dedupe: new DedupeStore(new DynamoDBClient(aws), e.LOGLINE_DEDUPE_TABLE),
    stages,
    afterStore,
  };
}

export async function handler(event: SQSEvent, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<SQSBatchResponse> {
  consumer ??= init();
  const messages = event.Records.map((r) => ({ messageId: r.messageId, body: r.body, sentTimestamp: Number(r.attributes?.SentTimestamp) || undefined }));
  const { failedMessageIds, stats } = await consumeBatch(messages, { ...consumer, leaseMs: context?.getRemainingTimeInMillis() ?? DEFAULT_LEASE_MS });
  console.log(JSON.stringify({ logline: 'consumer', ...stats }));
  return { batchItemFailures: failedMessageIds.map((id) => ({ itemIdentifier: id })) };
}
