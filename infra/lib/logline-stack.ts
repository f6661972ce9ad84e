import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { IngestApi, TailApi } from './apis';
import { logGroupArn, logStreamArn, manageConnectionsArn, prefixPattern } from './arns';
import { assertLocalEsbuild } from './bundling';
import { ConsoleRole } from './console-role';
import { LoglineFunction } from './logline-function';
import { CONSOLE_ENV_OUTPUTS } from './outputs';
import type { StackSettings } from './settings';

export interface LoglineStackProps extends StackProps {
  readonly settings: StackSettings;
}

/** Lambda's rule for SQS event sources: the queue hides a message for 6× the function timeout. */
export const VISIBILITY_PER_TIMEOUT = 6;

/**
 * Logline's AWS mode in one stack: producers → HTTP API → ingest Lambda → SQS → consumer Lambda →
 * CloudWatch Logs, the WebSocket tail fan-out, and the console's runtime role. Env-agnostic (no
 * account or region, no lookups), so `cdk synth` runs offline.
 */
export class LoglineStack extends Stack {
  readonly settings: StackSettings;
  readonly functions: Readonly<Record<'ingest' | 'consumer' | 'wsConnect' | 'wsDisconnect' | 'wsMessage', LoglineFunction>>;
  readonly queue: sqs.Queue;
  readonly deadLetters: sqs.Queue;
  readonly keysTable: dynamodb.Table;
  readonly dedupeTable: dynamodb.Table;
  readonly connectionsTable: dynamodb.Table;
  readonly tailTokenSecret: secretsmanager.Secret;
  readonly tail: TailApi;
  readonly ingestApi: IngestApi;
  readonly consoleRole: ConsoleRole;

  constructor(scope: Construct, id: string, props: LoglineStackProps) {
    super(scope, id, props);
    assertLocalEsbuild();
    const s = (this.settings = props.settings);
    const removal = s.destroyOnRemove ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;

    // --- queue ---------------------------------------------------------------------------------
    const consumerTimeout = Duration.seconds(s.consumerTimeoutSeconds);
    // MaximumMessageSize defaults to 1 MiB, SQS's largest since 2025 (aws-limits.md §5.1), and every
    // producer is told the same size (LOGLINE_SQS_MAX_MESSAGE_BYTES on the ingest Lambda and, via the
    // outputs, the console): the producers' own 256 KiB default is only for queues made before 2025.
    // At 1 MiB any event CloudWatch can store (≤ 256 KiB) fits one message with its envelope, and each
    // SendMessageBatch carries four times as much. The DLQ matches, so a redriven message always fits.
    const deadLetters = (this.deadLetters = new sqs.Queue(this, 'DeadLetterQueue', {
      retentionPeriod: Duration.days(14),
      maxMessageSizeBytes: s.sqsMaxMessageBytes,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    }));
    const queue = (this.queue = new sqs.Queue(this, 'IngestQueue', {
      visibilityTimeout: Duration.seconds(VISIBILITY_PER_TIMEOUT * s.consumerTimeoutSeconds),
      retentionPeriod: Duration.days(4),
      maxMessageSizeBytes: s.sqsMaxMessageBytes,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: s.maxReceiveCount },
    }));

    const alarmTopic = new sns.Topic(this, 'DlqAlarmTopic', { displayName: 'Logline dead-letter queue' });
    if (s.alarmEmail) alarmTopic.addSubscription(new subscriptions.EmailSubscription(s.alarmEmail));
    const dlqAlarm = new cloudwatch.Alarm(this, 'DlqDepthAlarm', {
      alarmDescription: 'Logline: messages reached the dead-letter queue (events the consumer could not write). Inspect them, fix the cause, then redrive.',
      metric: deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: cloudwatch.Stats.MAXIMUM }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    dlqAlarm.addAlarmAction(new SnsAction(alarmTopic));

    // --- tables --------------------------------------------------------------------------------
    const table = (tid: string, partitionKey: string, ttl: string | undefined, removalPolicy: RemovalPolicy) =>
      new dynamodb.Table(this, tid, {
        partitionKey: { name: partitionKey, type: dynamodb.AttributeType.STRING },
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        timeToLiveAttribute: ttl,
        removalPolicy,
      });
    // Ingest-key hashes are the one thing worth keeping; dedupe marks and connections expire anyway.
    const keysTable = (this.keysTable = table('KeysTable', 'hash', undefined, removal));
    const dedupeTable = (this.dedupeTable = table('DedupeTable', 'messageId', 'expiresAt', RemovalPolicy.DESTROY));
    const connectionsTable = (this.connectionsTable = table('ConnectionsTable', 'connectionId', 'expiresAt', RemovalPolicy.DESTROY));

    // A plain SecretString (no template, so not JSON) of 64 characters: the console and $connect
    // read it as is and refuse fewer than 32 (server/tail/aws/token-secret.ts).
    const tailTokenSecret = (this.tailTokenSecret = new secretsmanager.Secret(this, 'TailTokenSecret', {
      description: 'Logline: signs the short-lived live-tail tokens the console hands to browsers',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.DESTROY,
    }));

    // --- functions -----------------------------------------------------------------------------
    const fnLogs = s.functionLogRetentionDays;
    // Only $connect verifies tokens, so only it is told where the secret is (server/tail/aws/lambda-deps.ts).
    const wsEnv = { LOGLINE_CONNECTIONS_TABLE: connectionsTable.tableName };
    const small = { memoryMb: 256, timeout: Duration.seconds(10), logRetentionDays: fnLogs };
    const wsConnect = new LoglineFunction(this, 'WsConnect', {
      ...small,
      entry: 'server/aws/lambda/ws-connect.ts',
      description: 'Logline tail $connect: checks the signed token',
      environment: { ...wsEnv, LOGLINE_TAIL_TOKEN_SECRET_ARN: tailTokenSecret.secretArn },
    });
    const wsDisconnect = new LoglineFunction(this, 'WsDisconnect', { ...small, entry: 'server/aws/lambda/ws-disconnect.ts', description: 'Logline tail $disconnect', environment: wsEnv });
    const wsMessage = new LoglineFunction(this, 'WsMessage', { ...small, entry: 'server/aws/lambda/ws-message.ts', description: 'Logline tail $default: subscriptions', environment: wsEnv });
    const tail = (this.tail = new TailApi(this, 'Tail', { connect: wsConnect.fn, disconnect: wsDisconnect.fn, message: wsMessage.fn, rateLimit: s.tailRateLimit, burstLimit: s.tailBurstLimit }));
    const postToConnections = manageConnectionsArn(this, tail.api.apiId, TailApi.STAGE, 'POST');
    const deleteConnections = manageConnectionsArn(this, tail.api.apiId, TailApi.STAGE, 'DELETE');

    const ingest = new LoglineFunction(this, 'Ingest', {
      entry: 'server/aws/lambda/ingest.ts',
      description: 'Logline ingest edge: API key, validation, enqueue',
      memoryMb: 512,
      timeout: Duration.seconds(10),
      logRetentionDays: fnLogs,
      environment: {
        LOGLINE_QUEUE_URL: queue.queueUrl,
        LOGLINE_KEYS_TABLE: keysTable.tableName,
        LOGLINE_MAX_BODY_BYTES: String(s.ingestMaxBodyBytes),
        LOGLINE_CORS_ORIGINS: s.corsOrigins.join(','),
        LOGLINE_SQS_MAX_MESSAGE_BYTES: String(s.sqsMaxMessageBytes),
      },
    });
    const consumer = new LoglineFunction(this, 'Consumer', {
      entry: 'server/aws/lambda/consumer.ts',
      description: 'Logline consumer: pipeline, PutLogEvents, live-tail fan-out',
      memoryMb: s.consumerMemoryMb,
      timeout: consumerTimeout,
      logRetentionDays: fnLogs,
      environment: {
        LOGLINE_LOG_GROUP_PREFIX: s.logGroupPrefix,
        LOGLINE_LOG_RETENTION_DAYS: String(s.logRetentionDays),
        LOGLINE_DEDUPE_TABLE: dedupeTable.tableName,
        LOGLINE_CONNECTIONS_TABLE: connectionsTable.tableName,
        LOGLINE_TAIL_WS_URL: tail.stage.url,
      },
    });
    // Not SqsEventSource: it grants GetQueueUrl and ChangeMessageVisibility too. The mapping polls
    // with the function's role and needs exactly these three actions.
    consumer.allow('EventSourcePoll', ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], [queue.queueArn]);
    consumer.fn.addEventSourceMapping('IngestQueueSource', {
      eventSourceArn: queue.queueArn,
      batchSize: s.consumerBatchSize,
      maxBatchingWindow: Duration.seconds(s.consumerMaxBatchingWindowSeconds),
      maxConcurrency: s.consumerMaxConcurrency,
      reportBatchItemFailures: true,
    });

    // --- least privilege, one statement per resource -------------------------------------------
    const own = prefixPattern(s.logGroupPrefix);
    ingest.allow('EnqueueEvents', ['sqs:SendMessage'], [queue.queueArn]);
    ingest.allow('ReadIngestKeys', ['dynamodb:GetItem'], [keysTable.tableArn]);
    consumer.allow('WriteLogGroups', ['logs:CreateLogGroup', 'logs:PutRetentionPolicy'], [logGroupArn(this, own)]);
    consumer.allow('WriteLogStreams', ['logs:CreateLogStream', 'logs:PutLogEvents'], [logStreamArn(this, own)]);
    // dedupe.ts: claim and done are PutItem, release is DeleteItem; nothing reads an item.
    consumer.allow('Dedupe', ['dynamodb:PutItem', 'dynamodb:DeleteItem'], [dedupeTable.tableArn]);
    // fanout.ts: Scan the subscriptions, ADD the counters, delete a connection that answers GoneException.
    consumer.allow('Connections', ['dynamodb:Scan', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'], [connectionsTable.tableArn]);
    consumer.allow('TailFanOut', ['execute-api:ManageConnections'], [postToConnections]);
    wsConnect.allow('SaveConnection', ['dynamodb:PutItem'], [connectionsTable.tableArn]);
    wsConnect.allow('TailTokenSecret', ['secretsmanager:GetSecretValue'], [tailTokenSecret.secretArn]);
    wsDisconnect.allow('DropConnection', ['dynamodb:DeleteItem'], [connectionsTable.tableArn]);
    // ws-handlers.ts: (un)subscribe and the invalid-message count are UpdateItem; a gone or
    // misbehaving connection is deleted; replies are POSTs, closing one is a DELETE.
    wsMessage.allow('Subscriptions', ['dynamodb:UpdateItem', 'dynamodb:DeleteItem'], [connectionsTable.tableArn]);
    wsMessage.allow('Reply', ['execute-api:ManageConnections'], [postToConnections, deleteConnections]);

    const ingestApi = (this.ingestApi = new IngestApi(this, 'IngestApi', { handler: ingest.fn, rateLimit: s.ingestRateLimit, burstLimit: s.ingestBurstLimit }));
    const consoleRole = (this.consoleRole = new ConsoleRole(this, 'Console', {
      principal: s.consolePrincipal,
      logGroupPrefix: s.logGroupPrefix,
      extraLogGroups: s.extraLogGroups,
      queue,
      keysTable,
      dedupeTable,
      connectionsTable,
      tailTokenSecret,
      tailApiId: tail.api.apiId,
      tailStageName: TailApi.STAGE,
    }));
    this.functions = { ingest, consumer, wsConnect, wsDisconnect, wsMessage };

    // --- outputs: everything the console's environment needs -----------------------------------
    const values: Record<(typeof CONSOLE_ENV_OUTPUTS)[number]['output'], string> = {
      Region: this.region,
      QueueUrl: queue.queueUrl,
      KeysTableName: keysTable.tableName,
      DedupeTableName: dedupeTable.tableName,
      ConnectionsTableName: connectionsTable.tableName,
      TailWsUrl: tail.stage.url,
      TailTokenSecretArn: tailTokenSecret.secretArn,
      LogGroupPrefix: s.logGroupPrefix,
      LogRetentionDays: String(s.logRetentionDays),
      SqsMaxMessageBytes: String(s.sqsMaxMessageBytes),
    };
    for (const { output, env } of CONSOLE_ENV_OUTPUTS) new CfnOutput(this, output, { value: values[output], description: env });
    new CfnOutput(this, 'IngestUrl', { value: ingestApi.url, description: 'Base URL web and app clients post to (api/ingest, v1/logs)' });
    new CfnOutput(this, 'ConsoleRoleArn', { value: consoleRole.role.roleArn, description: 'Role the console process runs with' });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: deadLetters.queueUrl, description: 'Where poison messages land' });
    new CfnOutput(this, 'DlqAlarmTopicArn', { value: alarmTopic.topicArn, description: 'SNS topic the dead-letter alarm notifies' });
  }
}
