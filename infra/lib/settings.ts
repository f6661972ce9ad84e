import { z } from 'zod';
import { DEFAULT_LOG_GROUP_PREFIX, RETENTION_DAYS } from '../../server/store/cloudwatch/log-groups';

/**
 * Everything the stack can be told, from CDK context (`-c key=value` or `context` in infra/cdk.json).
 * `-c` values arrive as strings, so numbers, flags and lists are coerced here, once. Documented in
 * README "Deploy to AWS".
 */
const retention = z.coerce
  .number()
  .int()
  .refine((d) => (RETENTION_DAYS as readonly number[]).includes(d), `must be one of ${RETENTION_DAYS.join(', ')}`);
const flag = z.union([z.boolean(), z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')]);
const list = z.union([z.array(z.string().min(1)), z.string().transform((s) => s.split(',').map((x) => x.trim()).filter((x) => x !== ''))]);

/** A service principal (`ecs-tasks.amazonaws.com`), an IAM role/user ARN, or a 12-digit account id. */
const principal = z
  .string()
  .regex(/^([a-z0-9.-]+\.amazonaws\.com(\.cn)?|arn:aws[a-z-]*:iam::\d{12}:(role|user|root)[\w+=,.@/-]*|\d{12})$/, 'must be a service principal (ecs-tasks.amazonaws.com), an IAM role or user ARN, or a 12-digit account id');

const schema = z
  .object({
    stackName: z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/, 'must start with a letter and hold only letters, digits and -').default('Logline'),
    logGroupPrefix: z.string().regex(/^[.\-_/#A-Za-z0-9]{1,200}$/, 'may hold only letters, digits and . - _ / #').default(DEFAULT_LOG_GROUP_PREFIX),
    logRetentionDays: retention.default(30),
    functionLogRetentionDays: retention.default(14),
    maxReceiveCount: z.coerce.number().int().min(1).max(1000).default(5),
    // Both queues' MaximumMessageSize and what every producer sends (LOGLINE_SQS_MAX_MESSAGE_BYTES,
    // whose range server/aws/lambda/ingest.ts and server/config.ts accept: 16 KiB to 1 MiB).
    sqsMaxMessageBytes: z.coerce.number().int().min(16 * 1024).max(1_048_576).default(1_048_576),
    consumerTimeoutSeconds: z.coerce.number().int().min(10).max(900).default(60),
    consumerMemoryMb: z.coerce.number().int().min(128).max(10240).default(1024),
    consumerBatchSize: z.coerce.number().int().min(1).max(10000).default(100),
    consumerMaxBatchingWindowSeconds: z.coerce.number().int().min(0).max(300).default(2),
    consumerMaxConcurrency: z.coerce.number().int().min(2).max(1000).default(10),
    ingestRateLimit: z.coerce.number().int().min(1).default(500),
    ingestBurstLimit: z.coerce.number().int().min(1).max(5000).default(1000),
    ingestMaxBodyBytes: z.coerce.number().int().min(1024).max(4_400_000).default(4 * 1024 * 1024),
    corsOrigins: list.default(['*']),
    tailRateLimit: z.coerce.number().int().min(1).default(100),
    tailBurstLimit: z.coerce.number().int().min(1).max(5000).default(200),
    alarmEmail: z.email('must be an e-mail address').optional(),
    consolePrincipal: principal.default('ecs-tasks.amazonaws.com'),
    extraLogGroups: list.default([]),
    destroyOnRemove: flag.default(false),
  })
  .superRefine((s, ctx) => {
    // Lambda's own rule for SQS event sources: batches above 10 need a batching window.
    if (s.consumerBatchSize > 10 && s.consumerMaxBatchingWindowSeconds < 1) {
      ctx.addIssue({ code: 'custom', path: ['consumerMaxBatchingWindowSeconds'], message: 'must be at least 1 when consumerBatchSize is above 10' });
    }
    for (const name of s.extraLogGroups) {
      if (!/^[.\-_/#A-Za-z0-9]+\*?$/.test(name)) {
        ctx.addIssue({ code: 'custom', path: ['extraLogGroups'], message: `"${name}" is not a log group name (a trailing * is allowed)` });
      }
    }
  });

export type StackSettings = z.output<typeof schema>;
export const SETTING_KEYS = Object.keys(schema.shape) as (keyof StackSettings)[];

/** Reads every setting through `lookup` (the app's `tryGetContext`); throws one error naming each bad key. */
export function settingsFromContext(lookup: (key: string) => unknown): StackSettings {
  const raw = Object.fromEntries(SETTING_KEYS.map((k) => [k, lookup(k)]).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(context)'}: ${i.message}`);
    throw new Error(`Invalid CDK context for the Logline stack (set with -c key=value or in infra/cdk.json):\n${lines.join('\n')}`);
  }
  return parsed.data;
}
