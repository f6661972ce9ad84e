import { z } from 'zod';

/**
 * The stack's outputs and the console setting each one fills. CloudFormation output names are
 * alphanumeric, so the env name travels in the output's description and in this table, which
 * `npm run infra:env` uses to turn `cdk deploy --outputs-file` into a .env block.
 */
export const CONSOLE_ENV_OUTPUTS = [
  { output: 'Region', env: 'AWS_REGION' },
  { output: 'QueueUrl', env: 'LOGLINE_QUEUE_URL' },
  { output: 'KeysTableName', env: 'LOGLINE_KEYS_TABLE' },
  { output: 'DedupeTableName', env: 'LOGLINE_DEDUPE_TABLE' },
  { output: 'ConnectionsTableName', env: 'LOGLINE_CONNECTIONS_TABLE' },
  { output: 'TailWsUrl', env: 'LOGLINE_TAIL_WS_URL' },
  { output: 'TailTokenSecretArn', env: 'LOGLINE_TAIL_TOKEN_SECRET_ARN' },
  { output: 'LogGroupPrefix', env: 'LOGLINE_LOG_GROUP_PREFIX' },
  { output: 'LogRetentionDays', env: 'LOGLINE_LOG_RETENTION_DAYS' },
  { output: 'SqsMaxMessageBytes', env: 'LOGLINE_SQS_MAX_MESSAGE_BYTES' },
] as const;

/** Outputs for people rather than for the console's environment. */
export const INFO_OUTPUTS = ['IngestUrl', 'ConsoleRoleArn', 'DeadLetterQueueUrl', 'DlqAlarmTopicArn'] as const;

const outputsFile = z.record(z.string(), z.record(z.string(), z.string()));

/** The .env block for one deployed stack, from the JSON `cdk deploy --outputs-file` writes. */
export function envBlock(outputsJson: unknown, stackName: string): string {
  const parsed = outputsFile.safeParse(outputsJson);
  if (!parsed.success) throw new Error('The outputs file is not what `cdk deploy --outputs-file` writes ({"<stack>": {"<output>": "<value>"}}).');
  const outputs = parsed.data[stackName];
  if (!outputs) {
    const found = Object.keys(parsed.data).join(', ') || 'none';
    throw new Error(`No outputs for stack "${stackName}" in the file (stacks found: ${found}). Deploy with \`npm run infra:deploy\` first, or pass the stack name.`);
  }
  const missing = [...CONSOLE_ENV_OUTPUTS.map((o) => o.output), ...INFO_OUTPUTS].filter((k) => outputs[k] === undefined);
  if (missing.length > 0) throw new Error(`Stack "${stackName}" lacks the outputs ${missing.join(', ')}: redeploy it with this version of infra/.`);
  return [
    `# Logline AWS mode, from the outputs of stack ${stackName}`,
    'LOGLINE_MODE=aws',
    ...CONSOLE_ENV_OUTPUTS.map((o) => `${o.env}=${outputs[o.output]}`),
    '# The console reads the tail-token secret by its ARN (secretsmanager:GetSecretValue, granted to the role below).',
    `# Web and app clients post to ${outputs.IngestUrl}api/ingest and ${outputs.IngestUrl}v1/logs`,
    `# Run the console with the role ${outputs.ConsoleRoleArn}`,
    `# Poison messages land in ${outputs.DeadLetterQueueUrl}; the alarm notifies ${outputs.DlqAlarmTopicArn}`,
    '',
  ].join('\n');
}
