import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import { ConnectionStore } from './connections';
import { managementClient } from './management';
import { loadTailTokenSecret } from './token-secret';
import type { WsDeps } from './ws-handlers';

/** What the WebSocket Lambdas read from their environment (set by infra/). */
const env = z.object({
  LOGLINE_CONNECTIONS_TABLE: z.string().min(3, 'LOGLINE_CONNECTIONS_TABLE names the live-tail connections table'),
  LOGLINE_TAIL_TOKEN_SECRET_ARN: z.string().min(20).optional(),
  LOGLINE_TAIL_TOKEN_SECRET: z.string().min(32).optional(),
  AWS_REGION: z.string().min(1).optional(),
  /** Local stand-ins only (moto); never set in AWS. */
  LOGLINE_AWS_ENDPOINT: z.url().optional(),
});

/** Built once per cold start and reused by every invocation of the warm Lambda. */
export function wsDepsFromEnv(source: Record<string, string | undefined> = process.env): WsDeps {
  const parsed = env.safeParse(Object.fromEntries(Object.entries(source).filter(([, v]) => v !== '')));
  if (!parsed.success) throw new Error(`Invalid live-tail Lambda configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const e = parsed.data;
  const aws = { region: e.AWS_REGION, endpoint: e.LOGLINE_AWS_ENDPOINT };
  const store = new ConnectionStore(new DynamoDBClient(aws), e.LOGLINE_CONNECTIONS_TABLE);
  const clients = new Map<string, ReturnType<typeof managementClient>>();
  return {
    store,
    secret: () => loadTailTokenSecret({ arn: e.LOGLINE_TAIL_TOKEN_SECRET_ARN, value: e.LOGLINE_TAIL_TOKEN_SECRET, ...aws }),
    management: (endpoint) => {
      let c = clients.get(endpoint);
      if (!c) clients.set(endpoint, (c = managementClient(endpoint, e.AWS_REGION)));
      return c;
    },
  };
}
