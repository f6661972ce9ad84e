import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { MIN_SECRET_LENGTH } from './token';

/**
 * Where the live-tail token secret comes from, in the console and in the WebSocket Lambdas alike:
 * `LOGLINE_TAIL_TOKEN_SECRET_ARN` (Secrets Manager, a plain SecretString, read once per process —
 * once per Lambda cold start) or, failing that, `LOGLINE_TAIL_TOKEN_SECRET` (tests, a console
 * configured by hand). The ARN wins when both are set, so a rotated secret is picked up on restart.
 */
export interface TailSecretSource {
  arn?: string;
  value?: string;
  /** For tests and local stand-ins (moto). */
  client?: SecretsManagerClient;
  region?: string;
  endpoint?: string;
}

const cache = new Map<string, Promise<string>>();

export function loadTailTokenSecret(source: TailSecretSource): Promise<string> {
  const key = source.arn ? `arn:${source.arn}` : `value:${source.value ?? ''}`;
  let pending = cache.get(key);
  if (!pending) {
    pending = readSecret(source);
    cache.set(key, pending);
    // A failed read (throttled, not yet replicated) is retried on the next request, not cached.
    pending.catch(() => cache.delete(key));
  }
  return pending;
}

async function readSecret(source: TailSecretSource): Promise<string> {
  if (source.arn) {
    const client = source.client ?? new SecretsManagerClient({ region: source.region, endpoint: source.endpoint });
    const out = await client.send(new GetSecretValueCommand({ SecretId: source.arn }));
    return checked(out.SecretString, `the secret ${source.arn}`);
  }
  if (source.value) return checked(source.value, 'LOGLINE_TAIL_TOKEN_SECRET');
  throw new Error('Live tail in AWS mode needs a token secret: set LOGLINE_TAIL_TOKEN_SECRET_ARN (Secrets Manager) or LOGLINE_TAIL_TOKEN_SECRET.');
}

function checked(secret: string | undefined, where: string): string {
  if (!secret || secret.length < MIN_SECRET_LENGTH) throw new Error(`${where} must hold a plain string of at least ${MIN_SECRET_LENGTH} characters`);
  return secret;
}
