import type { Config } from '../../config';
import type { SessionUser } from '../../auth/current-user';
import { TAIL_TOKEN_TTL_SECONDS, signTailToken } from './token';
import { loadTailTokenSecret } from './token-secret';

/** What `GET /api/tail/connect` answers: where the page opens its live-tail socket. */
export type TailConnectInfo =
  | { mode: 'local'; url: string }
  /** AWS mode: the API Gateway WebSocket, opened as `${url}?token=${token}` before `expiresAt` (epoch ms). */
  | { mode: 'aws'; url: string; token: string; expiresAt: number }
  /** AWS mode without the WebSocket API configured: only CloudWatch log groups can be tailed. */
  | { mode: 'aws'; url: null; reason: string };

/** The console's own socket: local live tail, and in AWS mode the StartLiveTail bridge. */
export const CONSOLE_TAIL_PATH = '/ws/tail';

export async function tailConnectInfo(config: Config, user: SessionUser, nowMs = Date.now()): Promise<TailConnectInfo> {
  if (config.mode === 'local') return { mode: 'local', url: CONSOLE_TAIL_PATH };
  const { tailWsUrl, tailTokenSecret, tailTokenSecretArn, region, endpoint } = config.aws;
  if (!tailWsUrl || !(tailTokenSecret || tailTokenSecretArn)) {
    return { mode: 'aws', url: null, reason: 'Live tail of Logline sources needs LOGLINE_TAIL_WS_URL and LOGLINE_TAIL_TOKEN_SECRET_ARN (or LOGLINE_TAIL_TOKEN_SECRET) on the console; the CDK stack outputs both. CloudWatch log groups can still be tailed.' };
  }
  const secret = await loadTailTokenSecret({ arn: tailTokenSecretArn, value: tailTokenSecret, region, endpoint });
  return { mode: 'aws', url: tailWsUrl, token: signTailToken(user, secret, nowMs), expiresAt: nowMs + TAIL_TOKEN_TTL_SECONDS * 1000 };
}
