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
  /** Other log groups the console may query and tail (names, a trailing * allowed). */
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
 * assuming it): Logs Insights and Live Tail over Logline's log groups, saved query definitions,
 * the producer/worker side of the queue, the key, dedupe and connection tables, the tail fan-out
 * and the token secret. Resource-level scoping follows the Service Authorization Reference;
 * `*` appears only for the five logs actions that have no resource type there.
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

    allow('InsightsAndLiveTail', ['logs:StartQuery', 'logs:GetQueryResults', 'logs:GetLogGroupFields', 'logs:GetLogRecord', 'logs:StartLiveTail'], readable);
    // No resource type in the Service Authorization Reference: AWS accepts only "*" for these.
    allow('AccountWideLogsActions', ['logs:StopQuery', 'logs:DescribeLogGroups', 'logs:PutQueryDefinition', 'logs:DeleteQueryDefinition', 'logs:DescribeQueryDefinitions'], ['*']);
    // `logline worker` writes like the consumer Lambda.
    allow('WorkerLogGroups', ['logs:CreateLogGroup', 'logs:PutRetentionPolicy'], [logGroupArn(this, own)]);
    allow('WorkerLogStreams', ['logs:CreateLogStream', 'logs:PutLogEvents'], [logStreamArn(this, own)]);
    allow('IngestQueue', ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'], [props.queue.queueArn]);
    allow('KeysTable', ['dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:Scan'], [props.keysTable.tableArn]);
    allow('DedupeTable', ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:DeleteItem'], [props.dedupeTable.tableArn]);
    allow('ConnectionsTable', ['dynamodb:Scan', 'dynamodb:DeleteItem'], [props.connectionsTable.tableArn]);
    allow('TailFanOut', ['execute-api:ManageConnections'], [manageConnectionsArn(this, props.tailApiId, props.tailStageName)]);
    allow('TailTokenSecret', ['secretsmanager:GetSecretValue'], [props.tailTokenSecret.secretArn]);
  }
}
