import { CreateSecretCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMoto, uniqueName, type RunningMoto } from '../../test-support/moto';
import { loadTailTokenSecret } from './token-secret';

/** The token secret from Secrets Manager (moto_server on loopback), read once per process. */
let moto: RunningMoto;
let sm: SecretsManagerClient;
beforeAll(async () => {
  moto = await startMoto();
  sm = new SecretsManagerClient(moto.client);
});
afterAll(async () => moto?.stop());

describe('live-tail token secret', () => {
  it('reads the secret by ARN once, and prefers it to the plain variable', async () => {
    const created = await sm.send(new CreateSecretCommand({ Name: uniqueName('logline-tail'), SecretString: 'a'.repeat(48) }));
    const source = { arn: created.ARN!, value: 'b'.repeat(48), client: sm };
    expect(await loadTailTokenSecret(source)).toBe('a'.repeat(48));
    // Rotated in Secrets Manager: this process keeps the value it read (a new cold start reads the new one).
    await sm.send(new PutSecretValueCommand({ SecretId: created.ARN!, SecretString: 'c'.repeat(48) }));
    expect(await loadTailTokenSecret(source)).toBe('a'.repeat(48));
  });

  it('falls back to LOGLINE_TAIL_TOKEN_SECRET, and says what to set when neither is there', async () => {
    expect(await loadTailTokenSecret({ value: 'd'.repeat(40) })).toBe('d'.repeat(40));
    await expect(loadTailTokenSecret({})).rejects.toThrow(/LOGLINE_TAIL_TOKEN_SECRET_ARN/);
    await expect(loadTailTokenSecret({ value: 'short' })).rejects.toThrow(/at least 32/);
  });

  it('does not cache a failed read: a missing secret is retried', async () => {
    const arn = `arn:aws:secretsmanager:us-east-1:123456789012:secret:${uniqueName('missing')}`;
    await expect(loadTailTokenSecret({ arn, client: sm })).rejects.toThrow();
    await expect(loadTailTokenSecret({ arn, client: sm })).rejects.toThrow();
  });

  it('refuses a secret too short to sign with', async () => {
    const created = await sm.send(new CreateSecretCommand({ Name: uniqueName('logline-tail-short'), SecretString: 'tiny' }));
    await expect(loadTailTokenSecret({ arn: created.ARN!, client: sm })).rejects.toThrow(/at least 32 characters/);
  });
});
