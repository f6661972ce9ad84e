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
    const settings = lines.filter((l) => /^[A-Z_]+=/.test(l)).map((l) => l.split('=')[0]);
    expect(settings.sort()).toEqual(['LOGLINE_MODE', ...CONSOLE_ENV_OUTPUTS.map((o) => o.env)].sort());
  });

  it('says how to fetch the token secret and where clients post, as comments', () => {
    const text = envBlock(deployed, 'Logline');
    expect(text).toContain('# LOGLINE_TAIL_TOKEN_SECRET=$(aws secretsmanager get-secret-value --secret-id arn:aws:secretsmanager:eu-west-1:123456789012:secret:TailTokenSecret-xyz');
    expect(text).toContain('https://http123.execute-api.eu-west-1.amazonaws.com/api/ingest');
  });

  it('explains a missing stack, missing outputs and a foreign file', () => {
    expect(() => envBlock(deployed, 'Other')).toThrow(/No outputs for stack "Other".*stacks found: Logline/);
    const { QueueUrl: _dropped, ...partial } = deployed.Logline;
    expect(() => envBlock({ Logline: partial }, 'Logline')).toThrow(/lacks the outputs QueueUrl: redeploy/);
    expect(() => envBlock(['not', 'outputs'], 'Logline')).toThrow(/not what `cdk deploy --outputs-file` writes/);
  });
});
