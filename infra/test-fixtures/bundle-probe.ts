/**
 * Bundled by infra/bundling.test.ts with the stack's esbuild options, then run: it proves the
 * `@/` alias resolves, `@aws-sdk/*` is inside the bundle, and the ESM output runs on Node.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import { DEFAULT_LOG_GROUP_PREFIX, logGroupName } from '@/server/store/cloudwatch/log-groups';

export async function handler(): Promise<{ group: string; service: string }> {
  const client = new SQSClient({ region: 'eu-west-1', credentials: { accessKeyId: 'probe', secretAccessKey: 'probe' } });
  return { group: logGroupName(DEFAULT_LOG_GROUP_PREFIX, 'web app'), service: String(client.config.serviceId) };
}
