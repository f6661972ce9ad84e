import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settingsFromContext } from './lib/settings';
import { logicalId, removeAssembly, render, synthLogline, type Synthesized } from './test-support';

const from = (ctx: Record<string, unknown>) => settingsFromContext((k) => ctx[k]);

describe('CDK context → stack settings', () => {
  it('has working defaults with no context at all', () => {
    expect(from({})).toMatchObject({
      stackName: 'Logline',
      logGroupPrefix: '/logline/',
      logRetentionDays: 30,
      functionLogRetentionDays: 14,
      maxReceiveCount: 5,
      sqsMaxMessageBytes: 1_048_576,
      consumerTimeoutSeconds: 60,
      consumerBatchSize: 100,
      consumerMaxBatchingWindowSeconds: 2,
      consumerMaxConcurrency: 10,
      ingestRateLimit: 500,
      ingestBurstLimit: 1000,
      corsOrigins: ['*'],
      consolePrincipal: 'ecs-tasks.amazonaws.com',
      extraLogGroups: [],
      destroyOnRemove: false,
    });
    expect(from({}).alarmEmail).toBeUndefined();
  });

  it('coerces the strings `-c key=value` passes', () => {
    const s = from({ maxReceiveCount: '3', corsOrigins: 'https://app.example.com, https://www.example.com', destroyOnRemove: 'true', extraLogGroups: '/aws/lambda/checkout*' });
    expect(s.maxReceiveCount).toBe(3);
    expect(s.corsOrigins).toEqual(['https://app.example.com', 'https://www.example.com']);
    expect(s.destroyOnRemove).toBe(true);
    expect(s.extraLogGroups).toEqual(['/aws/lambda/checkout*']);
  });

  it('refuses bad values with one message naming every key and what to do', () => {
    const run = () => from({ logRetentionDays: '31', maxReceiveCount: '0', alarmEmail: 'ops', consolePrincipal: 'root', logGroupPrefix: '/logs with space/', sqsMaxMessageBytes: '2097152' });
    expect(run).toThrow(/Invalid CDK context.*-c key=value/s);
    expect(run).toThrow(/logRetentionDays: must be one of 1, 3, 5, 7, 14, 30/);
    expect(run).toThrow(/maxReceiveCount/);
    expect(run).toThrow(/alarmEmail: must be an e-mail address/);
    expect(run).toThrow(/consolePrincipal: must be a service principal/);
    expect(run).toThrow(/logGroupPrefix: may hold only/);
    expect(run).toThrow(/sqsMaxMessageBytes/);
  });

  it('follows Lambda\'s rule that batches above 10 need a batching window', () => {
    expect(() => from({ consumerBatchSize: 50, consumerMaxBatchingWindowSeconds: 0 })).toThrow(/consumerMaxBatchingWindowSeconds: must be at least 1/);
    expect(from({ consumerBatchSize: 10, consumerMaxBatchingWindowSeconds: 0 }).consumerBatchSize).toBe(10);
  });

  it('rejects extra log groups that are not log group names', () => {
    expect(() => from({ extraLogGroups: ['/ok', 'bad name'] })).toThrow(/"bad name" is not a log group name/);
  });
});

describe('a stack built from non-default context', () => {
  let synth: Synthesized;
  type Cfn = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };
  let resources: Record<string, Cfn>;

  beforeAll(() => {
    synth = synthLogline(
      {
        stackName: 'LoglineStaging',
        logGroupPrefix: '/acme/logs/',
        maxReceiveCount: '3',
        sqsMaxMessageBytes: '262144',
        consumerTimeoutSeconds: '120',
        consumerBatchSize: '10',
        consumerMaxBatchingWindowSeconds: '0',
        consumerMaxConcurrency: '4',
        ingestRateLimit: '50',
        ingestBurstLimit: '100',
        corsOrigins: 'https://app.example.com',
        alarmEmail: 'oncall@example.com',
        consolePrincipal: 'arn:aws:iam::123456789012:role/ops',
        extraLogGroups: '/aws/lambda/checkout*',
        destroyOnRemove: 'true',
      },
      { bundle: false },
    );
    resources = synth.template.toJSON().Resources as Record<string, Cfn>;
  });
  afterAll(() => removeAssembly(synth));

  it('computes the visibility timeout from the consumer timeout and redrives after the configured receives', () => {
    const queue = resources[logicalId(synth.stack, synth.stack.queue)].Properties;
    expect(queue.VisibilityTimeout).toBe(720);
    expect((queue.RedrivePolicy as { maxReceiveCount: number }).maxReceiveCount).toBe(3);
    expect(resources[logicalId(synth.stack, synth.stack.functions.consumer.fn)].Properties.Timeout).toBe(120);
  });

  it('passes batch settings, throttling, CORS and the prefix through', () => {
    synth.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 10, MaximumBatchingWindowInSeconds: 0, ScalingConfig: { MaximumConcurrency: 4 } });
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { StageName: '$default', DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 } });
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP', Name: 'LoglineStaging-ingest', CorsConfiguration: Match.absent() });
    const envOf = (fn: { node: { defaultChild?: unknown } }) => (resources[logicalId(synth.stack, fn)].Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(envOf(synth.stack.functions.ingest.fn).LOGLINE_CORS_ORIGINS).toBe('https://app.example.com');
    expect(envOf(synth.stack.functions.consumer.fn).LOGLINE_LOG_GROUP_PREFIX).toBe('/acme/logs/');
  });

  it('sizes both queues and the producers from one setting (a 256 KiB queue here)', () => {
    for (const q of [synth.stack.queue, synth.stack.deadLetters]) expect(resources[logicalId(synth.stack, q)].Properties.MaximumMessageSize).toBe(262_144);
    const env = (resources[logicalId(synth.stack, synth.stack.functions.ingest.fn)].Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env.LOGLINE_SQS_MAX_MESSAGE_BYTES).toBe('262144');
    expect((synth.template.toJSON().Outputs as Record<string, { Value: unknown }>).SqsMaxMessageBytes.Value).toBe('262144');
  });

  it('subscribes the alarm e-mail to the DLQ topic', () => {
    synth.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com', TopicArn: { Ref: Match.stringLikeRegexp('^DlqAlarmTopic') } });
  });

  it('lets the given principal assume the console role, which may also query and live-tail the extra log groups', () => {
    const role = resources[logicalId(synth.stack, synth.stack.consoleRole.role)].Properties;
    expect((role.AssumeRolePolicyDocument as { Statement: unknown[] }).Statement).toEqual([{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:role/ops' } }]);
    const policy = Object.values(resources).find((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(logicalId(synth.stack, synth.stack.consoleRole.role)));
    const statements = (policy?.Properties.PolicyDocument as { Statement: { Sid: string; Resource: unknown }[] }).Statement;
    const insights = statements.find((s) => s.Sid === 'Insights');
    const logs = 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:';
    expect(([] as unknown[]).concat(insights?.Resource).map(render)).toEqual([`${logs}/acme/logs/*`, `${logs}/aws/lambda/checkout*`]);
    // StartLiveTail: the extra groups only; Logline's own sources are tailed through the fan-out.
    const liveTail = statements.find((s) => s.Sid === 'LiveTail') as { Action: unknown; Resource: unknown } | undefined;
    expect(liveTail?.Action).toBe('logs:StartLiveTail');
    expect(([] as unknown[]).concat(liveTail?.Resource).map(render)).toEqual([`${logs}/aws/lambda/checkout*`]);
    // Writes stay on Logline's own prefix.
    const writes = statements.find((s) => s.Sid === 'WorkerLogGroups');
    expect(render(writes?.Resource)).toBe(`${logs}/acme/logs/*`);
  });

  it('destroyOnRemove also deletes the keys table with the stack', () => {
    expect(resources[logicalId(synth.stack, synth.stack.keysTable)].DeletionPolicy).toBe('Delete');
  });
});
