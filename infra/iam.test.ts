import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logicalId, removeAssembly, render, synthLogline, type Synthesized } from './test-support';

/**
 * Least privilege, checked on the synthesized template: each role's policies, flattened to
 * "action resource" grants, must equal the allow-list below, so an extra grant — a grant*
 * helper's bonus action, a managed policy, a `*` — fails here. Each list is what the handler and
 * the modules it calls send (the file is named next to each line); when a handler starts or
 * stops sending a command, this list and infra/lib change with it. Bundling is skipped: policies
 * do not depend on the code.
 */
let synth: Synthesized;
type Cfn = { Type: string; Properties: Record<string, unknown> };
let resources: Record<string, Cfn>;

afterAll(() => removeAssembly(synth));

beforeAll(() => {
  synth = synthLogline({}, { bundle: false });
  resources = synth.template.toJSON().Resources as Record<string, Cfn>;
});

const ENV = 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}';
const LOG_GROUPS = `${ENV}:log-group:/logline/*`;
const LOG_STREAMS = `${ENV}:log-group:/logline/*:log-stream:*`;

interface Statement { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown }

/** Every statement attached to the role with this logical id, as sorted "Effect action resource" lines. */
function grantsOf(roleId: string): string[] {
  const lines: string[] = [];
  for (const res of Object.values(resources)) {
    if (res.Type !== 'AWS::IAM::Policy') continue;
    const roles = (res.Properties.Roles as { Ref: string }[]).map((r) => r.Ref);
    if (!roles.includes(roleId)) continue;
    for (const st of (res.Properties.PolicyDocument as { Statement: Statement[] }).Statement) {
      expect(st.Condition, 'no conditional grants expected').toBeUndefined();
      const actions = ([] as string[]).concat(st.Action);
      const targets = ([] as unknown[]).concat(st.Resource).map(render);
      for (const a of actions) for (const r of targets) lines.push(`${st.Effect} ${a} ${r}`);
    }
  }
  return lines.sort();
}

function allow(actions: string[], resource: string): string[] {
  return actions.map((a) => `Allow ${a} ${resource}`);
}

function roles() {
  const { stack } = synth;
  const id = (c: Parameters<typeof logicalId>[1]) => logicalId(stack, c);
  const arn = (c: Parameters<typeof logicalId>[1]) => `\${${id(c)}.Arn}`;
  const f = stack.functions;
  const queue = arn(stack.queue);
  const keys = arn(stack.keysTable);
  const dedupe = arn(stack.dedupeTable);
  const connections = arn(stack.connectionsTable);
  const secret = `\${${id(stack.tailTokenSecret)}}`;
  const connectionsApi = (method: string) => `arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${${id(stack.tail.api)}}/live/${method}/@connections/*`;
  const postToConnections = connectionsApi('POST');
  const deleteConnections = connectionsApi('DELETE');
  const ownLogs = (fn: typeof f.ingest) => allow(['logs:CreateLogStream', 'logs:PutLogEvents'], arn(fn.logGroup));
  const logWrites = [...allow(['logs:CreateLogGroup', 'logs:PutRetentionPolicy'], LOG_GROUPS), ...allow(['logs:CreateLogStream', 'logs:PutLogEvents'], LOG_STREAMS)];
  return {
    // server/aws/lambda/ingest.ts: SendMessageBatch (sqs/producer.ts), GetItem (aws/ingest-keys.ts).
    ingest: { roleId: id(f.ingest.role), grants: [...ownLogs(f.ingest), ...allow(['sqs:SendMessage'], queue), ...allow(['dynamodb:GetItem'], keys)] },
    consumer: {
      roleId: id(f.consumer.role),
      grants: [
        ...ownLogs(f.consumer),
        // The SQS event source mapping polls with the function's role.
        ...allow(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], queue),
        // store/cloudwatch/writer.ts
        ...logWrites,
        // sqs/dedupe.ts: claim and done are PutItem, release DeleteItem.
        ...allow(['dynamodb:PutItem', 'dynamodb:DeleteItem'], dedupe),
        // tail/aws/fanout.ts + connections.ts: Scan, ADD counters, delete gone connections; PostToConnection.
        ...allow(['dynamodb:Scan', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'], connections),
        ...allow(['execute-api:ManageConnections'], postToConnections),
      ],
    },
    // tail/aws/ws-handlers.ts onConnect: the token secret, then PutItem.
    wsConnect: { roleId: id(f.wsConnect.role), grants: [...ownLogs(f.wsConnect), ...allow(['dynamodb:PutItem'], connections), ...allow(['secretsmanager:GetSecretValue'], secret)] },
    // onDisconnect: DeleteItem, nothing else.
    wsDisconnect: { roleId: id(f.wsDisconnect.role), grants: [...ownLogs(f.wsDisconnect), ...allow(['dynamodb:DeleteItem'], connections)] },
    // onMessage: (un)subscribe and countInvalid are UpdateItem, a gone connection is deleted;
    // replies are PostToConnection, a connection sending too many bad messages gets DeleteConnection.
    wsMessage: {
      roleId: id(f.wsMessage.role),
      grants: [
        ...ownLogs(f.wsMessage),
        ...allow(['dynamodb:UpdateItem', 'dynamodb:DeleteItem'], connections),
        ...allow(['execute-api:ManageConnections'], postToConnections),
        ...allow(['execute-api:ManageConnections'], deleteConnections),
      ],
    },
    console: {
      roleId: id(stack.consoleRole.role),
      grants: [
        // Logs Insights (the console's LogBackend in AWS mode): kept as the query engine's slice needs it.
        ...allow(['logs:StartQuery', 'logs:GetQueryResults', 'logs:GetLogGroupFields', 'logs:GetLogRecord'], LOG_GROUPS),
        // No resource type in the Service Authorization Reference: "*" is the only accepted resource.
        // DescribeLogGroups also lists the groups live tail can bridge (tail/cloudwatch-groups.ts);
        // the query definitions are aws/query-definitions.ts.
        ...allow(['logs:StopQuery', 'logs:DescribeLogGroups', 'logs:PutQueryDefinition', 'logs:DeleteQueryDefinition', 'logs:DescribeQueryDefinitions'], '*'),
        // No StartLiveTail: it is only for groups outside the prefix, and no extraLogGroups are set.
        // `logline worker` (bin/worker.ts): the consumer's writes, dedupe and fan-out.
        ...logWrites,
        // The console's /api/ingest (SendMessageBatch); the worker's ReceiveMessage and DeleteMessageBatch.
        ...allow(['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage'], queue),
        ...allow(['dynamodb:PutItem', 'dynamodb:DeleteItem'], dedupe),
        // aws/ingest-keys.ts IngestKeyMirror: put, reconcile (Scan + DeleteItem).
        ...allow(['dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:Scan'], keys),
        ...allow(['dynamodb:Scan', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'], connections),
        ...allow(['execute-api:ManageConnections'], postToConnections),
        // tail/aws/token-secret.ts: signs the tokens /api/tail/connect hands out.
        ...allow(['secretsmanager:GetSecretValue'], secret),
      ],
    },
  };
}

describe('IAM: each role grants exactly what its code calls', () => {
  for (const name of ['ingest', 'consumer', 'wsConnect', 'wsDisconnect', 'wsMessage', 'console'] as const) {
    it(`${name}: the synthesized policy equals the allow-list`, () => {
      const { roleId, grants } = roles()[name];
      expect(grantsOf(roleId)).toEqual([...grants].sort());
    });
  }

  it('only $connect and the console read the tail-token secret', () => {
    const r = roles();
    const readers = Object.entries(r).filter(([, role]) => grantsOf(role.roleId).some((g) => g.includes('secretsmanager:'))).map(([name]) => name);
    expect(readers.sort()).toEqual(['console', 'wsConnect']);
  });

  it('@connections: only $default may close a connection (DELETE); nobody may GET one', () => {
    const r = roles();
    const verbs = (name: keyof typeof r) =>
      grantsOf(r[name].roleId)
        .filter((g) => g.includes('execute-api:ManageConnections'))
        .map((g) => /\/live\/(\w+)\/@connections\/\*$/.exec(g)?.[1])
        .sort();
    expect(verbs('wsMessage')).toEqual(['DELETE', 'POST']);
    expect(verbs('consumer')).toEqual(['POST']);
    expect(verbs('console')).toEqual(['POST']);
    for (const name of ['ingest', 'wsConnect', 'wsDisconnect'] as const) expect(verbs(name)).toEqual([]);
  });

  it('no action wildcards anywhere, and "*" resources only for the five account-wide logs actions', () => {
    const all = Object.values(roles()).flatMap((r) => grantsOf(r.roleId));
    for (const g of all) expect(g.split(' ')[1]).not.toContain('*');
    const starred = all.filter((g) => g.endsWith(' *')).map((g) => g.split(' ')[1]).sort();
    expect(starred).toEqual(['logs:DeleteQueryDefinition', 'logs:DescribeLogGroups', 'logs:DescribeQueryDefinitions', 'logs:PutQueryDefinition', 'logs:StopQuery']);
  });

  it('there are six roles, none with a managed or inline policy, and every policy belongs to one of them', () => {
    const known = new Set(Object.values(roles()).map((r) => r.roleId));
    const roleIds = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::IAM::Role').map(([id]) => id);
    expect(new Set(roleIds)).toEqual(known);
    for (const id of roleIds) {
      expect(resources[id].Properties.ManagedPolicyArns, `${id} has managed policies`).toBeUndefined();
      expect(resources[id].Properties.Policies, `${id} has inline policies`).toBeUndefined();
    }
    expect(Object.values(resources).filter((r) => r.Type === 'AWS::IAM::ManagedPolicy')).toEqual([]);
    for (const res of Object.values(resources).filter((r) => r.Type === 'AWS::IAM::Policy')) {
      const attached = (res.Properties.Roles as { Ref: string }[]).map((r) => r.Ref);
      expect(attached).toHaveLength(1);
      expect(known.has(attached[0])).toBe(true);
      expect(res.Properties.Users ?? res.Properties.Groups).toBeUndefined();
    }
  });

  it('function roles are assumable only by Lambda, the console role by the configured principal', () => {
    const r = roles();
    const trust = (roleId: string) => (resources[roleId].Properties.AssumeRolePolicyDocument as { Statement: { Action: string; Principal: unknown }[] }).Statement;
    for (const name of ['ingest', 'consumer', 'wsConnect', 'wsDisconnect', 'wsMessage'] as const) {
      expect(trust(r[name].roleId)).toEqual([{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } }]);
    }
    expect(trust(r.console.roleId)).toEqual([{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' } }]);
  });
});
