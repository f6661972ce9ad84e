import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { LogEvent } from '@/lib/events';
import { ConnectionStore } from './connections';
import { createConnectionFanOut, type FanOutDeps } from './fanout';
import { managementClient, managementEndpoint } from './management';

export interface FanOutSettings {
  /** LOGLINE_CONNECTIONS_TABLE */
  connectionsTable?: string;
  /** LOGLINE_TAIL_WS_URL (wss://…/stage); the `@connections` endpoint is derived from it. */
  tailWsUrl?: string;
  region?: string;
  endpoint?: string;
}

/**
 * The consumer's live-tail sink from its settings (`config.aws` has these fields), or null when
 * live tail is not deployed (either variable unset): then the consumer just stores.
 */
export function fanOutFromSettings(s: FanOutSettings, extra: Partial<FanOutDeps> = {}): ((events: readonly LogEvent[]) => Promise<void>) | null {
  if (!s.connectionsTable || !s.tailWsUrl) return null;
  return createConnectionFanOut({
    store: new ConnectionStore(new DynamoDBClient({ region: s.region, endpoint: s.endpoint }), s.connectionsTable),
    management: managementClient(managementEndpoint(s.tailWsUrl), s.region),
    ...extra,
  });
}
