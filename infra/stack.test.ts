import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Token } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_ENV_OUTPUTS, INFO_OUTPUTS } from './lib/outputs';
import { logicalId, removeAssembly, render, synthLogline, type Synthesized } from './test-support';

/** One synthesis with real esbuild bundling of the five functions, shared by every test here. */
let synth: Synthesized;
let ids: Record<string, string>;
type Cfn = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };
let resources: Record<string, Cfn>;

afterAll(() => removeAssembly(synth));

beforeAll(() => {
  synth = synthLogline();
  const { stack } = synth;
  const id = (c: Parameters<typeof logicalId>[1]) => logicalId(stack, c);
  const f = stack.functions;
  ids = {
    queue: id(stack.queue),
    dlq: id(stack.deadLetters),
    keys: id(stack.keysTable),
    dedupe: id(stack.dedupeTable),
    connections: id(stack.connectionsTable),
    secret: id(stack.tailTokenSecret),
    tailApi: id(stack.tail.api),
    ingest: id(f.ingest.fn),
    consumer: id(f.consumer.fn),
    wsConnect: id(f.wsConnect.fn),
    wsDisconnect: id(f.wsDisconnect.fn),
    wsMessage: id(f.wsMessage.fn),
  };
  resources = synth.template.toJSON().Resources as Record<string, Cfn>;
});

const props = (logical: string) => resources[logical].Properties;

describe('ingest queue and dead-letter queue', () => {
  it('redrives to the DLQ after maxReceiveCount (default 5) receives', () => {
    expect(props(ids.queue).RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [ids.dlq, 'Arn'] }, maxReceiveCount: 5 });
  });

  it('hides a received message for at least 6× the consumer timeout', () => {
    const timeout = props(ids.consumer).Timeout as number;
    expect(timeout).toBe(60);
    expect(props(ids.queue).VisibilityTimeout).toBeGreaterThanOrEqual(6 * timeout);
  });

  it('both queues take 1 MiB messages, the size the ingest Lambda and the console are told to send', () => {
    for (const q of [ids.queue, ids.dlq]) expect(props(q).MaximumMessageSize).toBe(1_048_576);
    const env = (props(ids.ingest).Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env.LOGLINE_SQS_MAX_MESSAGE_BYTES).toBe('1048576');
  });

  it('keeps dead letters 14 days; both queues are encrypted and refuse plain HTTP', () => {
    expect(props(ids.dlq).MessageRetentionPeriod).toBe(14 * 24 * 3600);
    for (const q of [ids.queue, ids.dlq]) {
      expect(props(q).SqsManagedSseEnabled).toBe(true);
      synth.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: q }],
        PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] },
      });
    }
  });

  it('alarms when one message is visible in the DLQ, notifying an SNS topic (no e-mail unless configured)', () => {
    synth.template.resourceCountIs('AWS::CloudWatch::Alarm', 1);
    synth.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [ids.dlq, 'QueueName'] } }],
      Statistic: 'Maximum',
      Period: 60,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^DlqAlarmTopic') }],
    });
    synth.template.resourceCountIs('AWS::SNS::Subscription', 0);
  });
});

describe('consumer Lambda and its SQS event source', () => {
  it('reads batches from the ingest queue and reports partial batch failures', () => {
    synth.template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
    synth.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [ids.queue, 'Arn'] },
      FunctionName: { Ref: ids.consumer },
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 2,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 10 },
    });
  });

  it('runs on Node 22, arm64, 1024 MB, 60 s, with the contract environment', () => {
    expect(props(ids.consumer)).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], MemorySize: 1024, Timeout: 60, Handler: 'index.handler' });
    const env = (props(ids.consumer).Environment as { Variables: Record<string, unknown> }).Variables;
    expect(Object.keys(env).sort()).toEqual(['LOGLINE_CONNECTIONS_TABLE', 'LOGLINE_DEDUPE_TABLE', 'LOGLINE_LOG_GROUP_PREFIX', 'LOGLINE_LOG_RETENTION_DAYS', 'LOGLINE_TAIL_WS_URL', 'NODE_OPTIONS']);
    expect(env.LOGLINE_LOG_GROUP_PREFIX).toBe('/logline/');
    expect(env.LOGLINE_LOG_RETENTION_DAYS).toBe('30');
    expect(env.LOGLINE_DEDUPE_TABLE).toEqual({ Ref: ids.dedupe });
    expect(env.LOGLINE_CONNECTIONS_TABLE).toEqual({ Ref: ids.connections });
    expect(render(env.LOGLINE_TAIL_WS_URL)).toBe(`wss://\${${ids.tailApi}}.execute-api.\${AWS::Region}.\${AWS::URLSuffix}/live`);
  });
});

describe('the other functions', () => {
  it('ingest gets the queue, the keys table, the body limit, the CORS origins and the message size', () => {
    const env = (props(ids.ingest).Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env).toEqual({
      LOGLINE_QUEUE_URL: { Ref: ids.queue },
      LOGLINE_KEYS_TABLE: { Ref: ids.keys },
      LOGLINE_MAX_BODY_BYTES: String(4 * 1024 * 1024),
      LOGLINE_CORS_ORIGINS: '*',
      LOGLINE_SQS_MAX_MESSAGE_BYTES: '1048576',
      NODE_OPTIONS: '--enable-source-maps',
    });
  });

  it('the WebSocket handlers get the connections table; only $connect, which checks tokens, gets the secret ARN', () => {
    expect((props(ids.wsConnect).Environment as { Variables: unknown }).Variables).toEqual({
      LOGLINE_CONNECTIONS_TABLE: { Ref: ids.connections },
      LOGLINE_TAIL_TOKEN_SECRET_ARN: { Ref: ids.secret },
      NODE_OPTIONS: '--enable-source-maps',
    });
    for (const fn of [ids.wsDisconnect, ids.wsMessage]) {
      expect((props(fn).Environment as { Variables: unknown }).Variables).toEqual({ LOGLINE_CONNECTIONS_TABLE: { Ref: ids.connections }, NODE_OPTIONS: '--enable-source-maps' });
    }
  });

  it('every function is Node 22 on arm64 and logs to its own log group with 14-day retention', () => {
    const fns = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Lambda::Function');
    expect(fns).toHaveLength(5);
    const groups = new Set<string>();
    for (const [, fn] of fns) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'] });
      const group = (fn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      expect(resources[group].Type).toBe('AWS::Logs::LogGroup');
      expect(resources[group].Properties.RetentionInDays).toBe(14);
      groups.add(group);
    }
    expect(groups.size).toBe(5);
    synth.template.resourceCountIs('AWS::Logs::LogGroup', 5);
  });
});

describe('tables and secret', () => {
  it('keys: partition key hash (S), on demand, no TTL, kept on stack removal', () => {
    expect(props(ids.keys)).toEqual({ AttributeDefinitions: [{ AttributeName: 'hash', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'hash', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' });
    expect(resources[ids.keys].DeletionPolicy).toBe('Retain');
  });

  it('dedupe and connections: their keys, on demand, TTL on expiresAt', () => {
    for (const [table, key] of [[ids.dedupe, 'messageId'], [ids.connections, 'connectionId']]) {
      expect(props(table)).toEqual({
        AttributeDefinitions: [{ AttributeName: key, AttributeType: 'S' }],
        KeySchema: [{ AttributeName: key, KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      });
    }
  });

  it('the tail-token secret is a generated plain string (no JSON template) of 64 characters, no punctuation', () => {
    // token-secret.ts reads SecretString as is and refuses fewer than 32 characters.
    expect(props(ids.secret).GenerateSecretString).toEqual({ PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false });
  });
});

describe('outputs and environment', () => {
  it('outputs every console setting, named in its description, plus the ingest URL and role ARN', () => {
    const outputs = synth.template.toJSON().Outputs as Record<string, { Description: string; Value: unknown }>;
    expect(Object.keys(outputs).sort()).toEqual([...CONSOLE_ENV_OUTPUTS.map((o) => o.output), ...INFO_OUTPUTS].sort());
    for (const o of CONSOLE_ENV_OUTPUTS) expect(outputs[o.output].Description).toBe(o.env);
    expect(outputs.QueueUrl.Value).toEqual({ Ref: ids.queue });
    expect(outputs.KeysTableName.Value).toEqual({ Ref: ids.keys });
    expect(outputs.DedupeTableName.Value).toEqual({ Ref: ids.dedupe });
    expect(outputs.ConnectionsTableName.Value).toEqual({ Ref: ids.connections });
    expect(outputs.TailTokenSecretArn.Value).toEqual({ Ref: ids.secret });
    expect(outputs.SqsMaxMessageBytes.Value).toBe(String(props(ids.queue).MaximumMessageSize));
    expect(render(outputs.TailWsUrl.Value)).toBe(`wss://\${${ids.tailApi}}.execute-api.\${AWS::Region}.\${AWS::URLSuffix}/live`);
    expect(render(outputs.IngestUrl.Value)).toMatch(/^https:\/\/\$\{IngestApi\w+\}\.execute-api\.\$\{AWS::Region\}\.\$\{AWS::URLSuffix\}\/$/);
    expect(outputs.ConsoleRoleArn.Value).toEqual({ 'Fn::GetAtt': [logicalId(synth.stack, synth.stack.consoleRole.role), 'Arn'] });
  });

  it('is environment-agnostic: no account or region baked in', () => {
    expect(Token.isUnresolved(synth.stack.account)).toBe(true);
    expect(Token.isUnresolved(synth.stack.region)).toBe(true);
    expect(JSON.stringify(synth.template.toJSON())).not.toMatch(/\b\d{12}\b/);
  });
});

describe('bundling', () => {
  it('produced one zip asset per function, each holding its own entry bundled as index.mjs with a source map', () => {
    const manifest = JSON.parse(readFileSync(path.join(synth.outdir, `${synth.stack.artifactId}.assets.json`), 'utf8')) as {
      files: Record<string, { source: { path: string; packaging: string } }>;
    };
    const zips = Object.entries(manifest.files).filter(([, a]) => a.source.packaging === 'zip');
    expect(zips).toHaveLength(5);
    const entries: Record<string, string> = {
      [ids.ingest]: 'server/aws/lambda/ingest.ts',
      [ids.consumer]: 'server/aws/lambda/consumer.ts',
      [ids.wsConnect]: 'server/aws/lambda/ws-connect.ts',
      [ids.wsDisconnect]: 'server/aws/lambda/ws-disconnect.ts',
      [ids.wsMessage]: 'server/aws/lambda/ws-message.ts',
    };
    const keys = new Set<string>();
    for (const [fnId, entry] of Object.entries(entries)) {
      const key = (props(fnId).Code as { S3Key: string }).S3Key;
      keys.add(key);
      const hash = key.replace(/\.zip$/, '');
      const dir = path.join(synth.outdir, manifest.files[hash].source.path);
      expect(readdirSync(dir).sort()).toEqual(['index.mjs', 'index.mjs.map']);
      const map = JSON.parse(readFileSync(path.join(dir, 'index.mjs.map'), 'utf8')) as { sources: string[] };
      expect(map.sources.some((s) => s.endsWith(entry))).toBe(true);
      expect(readFileSync(path.join(dir, 'index.mjs'), 'utf8')).toMatch(/export\s*\{[^}]*as handler\s*\}|export\s*\{\s*handler\s*\}/);
    }
    expect(keys.size).toBe(5);
    expect(existsSync(path.join(synth.outdir, 'asset.' + [...keys][0].replace(/\.zip$/, '')))).toBe(true);
  });
});
