import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { logGroupArn, logStreamArn, manageConnectionsArn, prefixPattern } from './arns';

export interface ConsoleRoleProps {
  /** Who assumes the role: a service principal, an IAM role/user ARN, or an account id. */
  readonly principal: string;
  readonly logGroupPrefix: string;
  /**
   * Other log groups the console may query and live-tail (names, a trailing * allowed). They are
   * the only groups StartLiveTail is granted on: the bridge tails groups outside Logline's prefix
   * only (server/tail/live-tail-plan.ts), Logline's own sources go through the WebSocket fan-out.
   */
  readonly extraLogGroups: readonly string[];
  readonly queue: sqs.IQueue;
  readonly keysTable: dynamodb.ITableV2 | dynamodb.ITable;
  readonly dedupeTable: dynamodb.ITableV2 | dynamodb.ITable;
  readonly connectionsTable: dynamodb.ITableV2 | dynamodb.ITable;
  readonly tailTokenSecret: secretsmanager.ISecret;
  readonly tailApiId: string;
  readonly tailStageName: string;
}

export function principalFor(value: string): iam.IPrincipal {
  if (/^\d{12}$/.test(value)) return new iam.AccountPrincipal(value);
  if (value.startsWith('arn:')) return new iam.ArnPrincipal(value);
  return new iam.ServicePrincipal(value);
}

/**
 * The role the console process runs with (an ECS task, an EC2 instance profile, or a person
 * assuming it), and `logline worker` too, which runs the consumer Lambda's code:
 *   console  Logs Insights over Logline's and the extra log groups, saved query definitions
 *            (server/aws/query-definitions.ts), StartLiveTail on the extra groups and
 *            DescribeLogGroups to list them (server/tail/cloudwatch-*.ts), SendMessage for its own
 *            /api/ingest (server/sqs/producer.ts), the ingest-key mirror (server/aws/ingest-keys.ts),
 *            the token secret read by ARN (server/tail/aws/token-secret.ts);
 *   worker   ReceiveMessage and DeleteMessage (DeleteMessageBatch) on the queue (server/sqs/worker.ts),
 *            log writes, dedupe, and the fan-out's connections and POST @connections.
 * Resource-level scoping follows the Service Authorization Reference; `*` appears only for the
 * five logs actions that have no resource type there.
 */
export class ConsoleRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: ConsoleRoleProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', {
      assumedBy: principalFor(props.principal),
      description: 'Logline console runtime: Insights queries, live tail, ingest queue, tables, tail fan-out',
    });
    const own = prefixPattern(props.logGroupPrefix);
    const readable = [own, ...props.extraLogGroups].map((name) => logGroupArn(this, name));
    const allow = (sid: string, actions: string[], resources: string[]) =>
      this.role.addToPolicy(new iam.PolicyStatement({ sid, actions, resources }));

    allow('Insights', ['logs:StartQuery', 'logs:GetQueryResults', 'logs:GetLogGroupFields', 'logs:GetLogRecord'], readable);
    // StartLiveTail takes log group ARNs (DescribeLogGroups' logGroupArn), never Logline's own.
    if (props.extraLogGroups.length > 0) allow('LiveTail', ['logs:StartLiveTail'], props.extraLogGroups.map((name) => logGroupArn(this, name)));
    // No resource type in the Service Authorization Reference: AWS accepts only "*" for these.
    allow('AccountWideLogsActions', ['logs:StopQuery', 'logs:DescribeLogGroups', 'logs:PutQueryDefinition', 'logs:DeleteQueryDefinition', 'logs:DescribeQueryDefinitions'], ['*']);
    // `logline worker` writes like the consumer Lambda.
    allow('WorkerLogGroups', ['logs:CreateLogGroup', 'logs:PutRetentionPolicy'], [logGroupArn(this, own)]);
    allow('WorkerLogStreams', ['logs:CreateLogStream', 'logs:PutLogEvents'], [logStreamArn(this, own)]);
    // The worker sets the visibility timeout in each ReceiveMessage; it never changes it later.
    allow('IngestQueue', ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage'], [props.queue.queueArn]);
    allow('KeysTable', ['dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:Scan'], [props.keysTable.tableArn]);
    allow('DedupeTable', ['dynamodb:PutItem', 'dynamodb:DeleteItem'], [props.dedupeTable.tableArn]);
    allow('ConnectionsTable', ['dynamodb:Scan', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'], [props.connectionsTable.tableArn]);
    allow('TailFanOut', ['execute-api:ManageConnections'], [manageConnectionsArn(this, props.tailApiId, props.tailStageName, 'POST')]);
    allow('TailTokenSecret', ['secretsmanager:GetSecretValue'], [props.tailTokenSecret.secretArn]);
  }
}
