import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logicalId, removeAssembly, render, synthLogline, type Synthesized } from './test-support';

/**
 * Least privilege, checked on the synthesized template: each role's policies, flattened to
 * "action resource" grants, must equal the allow-list below (the contract each handler was
 * written to), so an extra grant — a grant* helper's bonus action, a managed policy, a `*` —
 * fails here. Bundling is skipped: policies do not depend on the code.
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
  const fanOut = `arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${${id(stack.tail.api)}}/live/*/@connections/*`;
  const ownLogs = (fn: typeof f.ingest) => allow(['logs:CreateLogStream', 'logs:PutLogEvents'], arn(fn.logGroup));
  const logWrites = [...allow(['logs:CreateLogGroup', 'logs:PutRetentionPolicy'], LOG_GROUPS), ...allow(['logs:CreateLogStream', 'logs:PutLogEvents'], LOG_STREAMS)];
  return {
    ingest: { roleId: id(f.ingest.role), grants: [...ownLogs(f.ingest), ...allow(['sqs:SendMessage'], queue), ...allow(['dynamodb:GetItem'], keys)] },
    consumer: {
      roleId: id(f.consumer.role),
      grants: [
        ...ownLogs(f.consumer),
        // The SQS event source mapping polls with the function's role.
        ...allow(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], queue),
        ...logWrites,
        ...allow(['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:DeleteItem'], dedupe),
        ...allow(['dynamodb:Scan', 'dynamodb:DeleteItem'], connections),
        ...allow(['execute-api:ManageConnections'], fanOut),
      ],
    },
    wsConnect: { roleId: id(f.wsConnect.role), grants: [...ownLogs(f.wsConnect), ...allow(['dynamodb:PutItem'], connections), ...allow(['secretsmanager:GetSecretValue'], secret)] },
    wsDisconnect: { roleId: id(f.wsDisconnect.role), grants: [...ownLogs(f.wsDisconnect), ...allow(['dynamodb:DeleteItem'], connections), ...allow(['secretsmanager:GetSecretValue'], secret)] },
    wsMessage: {
      roleId: id(f.wsMessage.role),
      grants: [...ownLogs(f.wsMessage), ...allow(['dynamodb:UpdateItem'], connections), ...allow(['execute-api:ManageConnections'], fanOut), ...allow(['secretsmanager:GetSecretValue'], secret)],
    },
    console: {
      roleId: id(stack.consoleRole.role),
      grants: [
        ...allow(['logs:StartQuery', 'logs:GetQueryResults', 'logs:GetLogGroupFields', 'logs:GetLogRecord', 'logs:StartLiveTail'], LOG_GROUPS),
        // No resource type in the Service Authorization Reference: "*" is the only accepted resource.
        ...allow(['logs:StopQuery', 'logs:DescribeLogGroups', 'logs:PutQueryDefinition', 'logs:DeleteQueryDefinition', 'logs:DescribeQueryDefinitions'], '*'),
        ...logWrites,
        ...allow(['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'], queue),
        ...allow(['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:DeleteItem'], dedupe),
        ...allow(['dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:Scan'], keys),
        ...allow(['dynamodb:Scan', 'dynamodb:DeleteItem'], connections),
        ...allow(['execute-api:ManageConnections'], fanOut),
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

  it('the consumer reads nothing from the tail-token secret', () => {
    expect(grantsOf(roles().consumer.roleId).filter((g) => g.includes('secretsmanager:'))).toEqual([]);
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
