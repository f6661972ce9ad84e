import { describe, expect, it } from 'vitest';
import { CONSOLE_ENV_OUTPUTS, envBlock } from './lib/outputs';

const deployed = {
  Logline: {
    Region: 'eu-west-1',
    QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/Logline-IngestQueue-abc',
    KeysTableName: 'Logline-KeysTable-1',
    DedupeTableName: 'Logline-DedupeTable-2',
    ConnectionsTableName: 'Logline-ConnectionsTable-3',
    TailWsUrl: 'wss://ws123.execute-api.eu-west-1.amazonaws.com/live',
    TailTokenSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:TailTokenSecret-xyz',
    LogGroupPrefix: '/logline/',
    LogRetentionDays: '30',
    SqsMaxMessageBytes: '1048576',
    IngestUrl: 'https://http123.execute-api.eu-west-1.amazonaws.com/',
    ConsoleRoleArn: 'arn:aws:iam::123456789012:role/Logline-ConsoleRole',
    DeadLetterQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/Logline-DeadLetterQueue',
    DlqAlarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:Logline-DlqAlarmTopic',
  },
};

describe('npm run infra:env: stack outputs → the console .env block', () => {
  it('writes one KEY=value line per console setting, in AWS mode', () => {
    const lines = envBlock(deployed, 'Logline').split('\n');
    expect(lines).toContain('LOGLINE_MODE=aws');
    expect(lines).toContain('AWS_REGION=eu-west-1');
    expect(lines).toContain('LOGLINE_QUEUE_URL=https://sqs.eu-west-1.amazonaws.com/123456789012/Logline-IngestQueue-abc');
    expect(lines).toContain('LOGLINE_TAIL_WS_URL=wss://ws123.execute-api.eu-west-1.amazonaws.com/live');
    expect(lines).toContain('LOGLINE_SQS_MAX_MESSAGE_BYTES=1048576');
    const settings = lines.filter((l) => /^[A-Z_]+=/.test(l)).map((l) => l.split('=')[0]);
    expect(settings.sort()).toEqual(['LOGLINE_MODE', ...CONSOLE_ENV_OUTPUTS.map((o) => o.env)].sort());
  });

  it('hands the console the secret\'s ARN, never its value or a command that prints it', () => {
    const text = envBlock(deployed, 'Logline');
    expect(text.split('\n')).toContain('LOGLINE_TAIL_TOKEN_SECRET_ARN=arn:aws:secretsmanager:eu-west-1:123456789012:secret:TailTokenSecret-xyz');
    expect(text).not.toMatch(/LOGLINE_TAIL_TOKEN_SECRET=|get-secret-value/);
  });

  it('says where clients post and which role to run with, as comments', () => {
    const lines = envBlock(deployed, 'Logline').split('\n');
    expect(lines).toContain('# Web and app clients post to https://http123.execute-api.eu-west-1.amazonaws.com/api/ingest and https://http123.execute-api.eu-west-1.amazonaws.com/v1/logs');
    expect(lines).toContain('# Run the console with the role arn:aws:iam::123456789012:role/Logline-ConsoleRole');
  });

  it('explains a missing stack, missing outputs and a foreign file', () => {
    expect(() => envBlock(deployed, 'Other')).toThrow(/No outputs for stack "Other".*stacks found: Logline/);
    const { QueueUrl: _dropped, ...partial } = deployed.Logline;
    expect(() => envBlock({ Logline: partial }, 'Logline')).toThrow(/lacks the outputs QueueUrl: redeploy/);
    expect(() => envBlock(['not', 'outputs'], 'Logline')).toThrow(/not what `cdk deploy --outputs-file` writes/);
  });
});
