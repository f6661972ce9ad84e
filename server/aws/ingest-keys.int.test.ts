import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashKey } from '../auth/key-hash';
import { createTables } from '../test-support/lambda';
import { startMoto, type RunningMoto } from '../test-support/moto';
import { DynamoIngestKeys, IngestKeyMirror, KEY_CACHE_MS, UNKNOWN_KEY_CACHE_MS } from './ingest-keys';

let moto: RunningMoto;
let dynamo: DynamoDBClient;

beforeAll(async () => {
  moto = await startMoto();
  dynamo = new DynamoDBClient(moto.client);
});
afterAll(async () => moto?.stop());

describe('ingest keys mirrored to DynamoDB', () => {
  it('stores only hashes, bound source and revocation; the lookup honours them', async () => {
    const { keysTable } = await createTables(dynamo);
    const mirror = new IngestKeyMirror(dynamo, keysTable);
    await mirror.put({ hash: hashKey('lk_web-secret-0123456789'), keyId: 'k1', name: 'web client', source: 'web', revoked: false });
    await mirror.put({ hash: hashKey('lk_old-secret-0123456789'), keyId: 'k2', name: 'old', source: null, revoked: true });
    const item = await dynamo.send(new GetItemCommand({ TableName: keysTable, Key: { hash: { S: hashKey('lk_web-secret-0123456789') } } }));
    expect(JSON.stringify(item.Item)).not.toContain('lk_web-secret');
    const keys = new DynamoIngestKeys(dynamo, keysTable);
    expect(await keys.verify('lk_web-secret-0123456789', 'ingest')).toEqual({ id: 'k1', name: 'web client', kind: 'ingest', source: 'web', userId: null });
    expect(await keys.verify('lk_old-secret-0123456789', 'ingest')).toBeNull();
    expect(await keys.verify('lk_never-issued-01234567', 'ingest')).toBeNull();
    expect(await keys.verify(null, 'ingest')).toBeNull();
  });

  it('refuses a revoked key once the cache entry runs out (the documented revocation delay)', async () => {
    const { keysTable } = await createTables(dynamo);
    const mirror = new IngestKeyMirror(dynamo, keysTable);
    const record = { hash: hashKey('lk_soon-revoked-0123456'), keyId: 'k3', name: 'app', source: 'app', revoked: false };
    await mirror.put(record);
    let now = 1_000_000;
    const keys = new DynamoIngestKeys(dynamo, keysTable, { now: () => now });
    expect(await keys.verify('lk_soon-revoked-0123456', 'ingest')).not.toBeNull();
    await mirror.put({ ...record, revoked: true });
    now += KEY_CACHE_MS - 1;
    expect(await keys.verify('lk_soon-revoked-0123456', 'ingest')).not.toBeNull(); // still cached
    now += 2;
    expect(await keys.verify('lk_soon-revoked-0123456', 'ingest')).toBeNull();
  });

  it('reconciles: puts every key and deletes hashes the console no longer has (an old LOGLINE_INGEST_KEY)', async () => {
    const { keysTable } = await createTables(dynamo);
    const mirror = new IngestKeyMirror(dynamo, keysTable);
    await mirror.put({ hash: hashKey('lk_previous-env-key-0123'), keyId: 'env', name: 'LOGLINE_INGEST_KEY', source: null, revoked: false });
    const keep = { hash: hashKey('lk_current-0123456789'), keyId: 'k4', name: 'batch', source: null, revoked: false };
    expect(await mirror.reconcile([keep])).toEqual({ put: 1, deleted: 1 });
    const keys = new DynamoIngestKeys(dynamo, keysTable);
    expect(await keys.verify('lk_previous-env-key-0123', 'ingest')).toBeNull();
    expect(await keys.verify('lk_current-0123456789', 'ingest')).toMatchObject({ id: 'k4' });
  });

  it('accepts a key tried before its mirror write landed within seconds, not a minute', async () => {
    const { keysTable } = await createTables(dynamo);
    const mirror = new IngestKeyMirror(dynamo, keysTable);
    let now = 1_000_000;
    const keys = new DynamoIngestKeys(dynamo, keysTable, { now: () => now });
    expect(await keys.verify('lk_brand-new-0123456789', 'ingest')).toBeNull(); // the console's write is not there yet
    await mirror.put({ hash: hashKey('lk_brand-new-0123456789'), keyId: 'k5', name: 'new app', source: 'app', revoked: false });
    now += UNKNOWN_KEY_CACHE_MS - 1;
    expect(await keys.verify('lk_brand-new-0123456789', 'ingest')).toBeNull(); // a flood of bad keys costs one read each per few seconds
    now += 2;
    expect(await keys.verify('lk_brand-new-0123456789', 'ingest')).toMatchObject({ id: 'k5' });
    expect(UNKNOWN_KEY_CACHE_MS).toBeLessThanOrEqual(KEY_CACHE_MS / 10);
  });

  it('a flood of unknown keys does not evict the keys in use', async () => {
    const { keysTable } = await createTables(dynamo);
    const mirror = new IngestKeyMirror(dynamo, keysTable);
    const record = { hash: hashKey('lk_in-use-0123456789'), keyId: 'k6', name: 'web', source: 'web', revoked: false };
    await mirror.put(record);
    const keys = new DynamoIngestKeys(dynamo, keysTable, { maxEntries: 5 });
    expect(await keys.verify('lk_in-use-0123456789', 'ingest')).toMatchObject({ id: 'k6' });
    await mirror.put({ ...record, revoked: true }); // seen again only if the cached entry was evicted
    for (let i = 0; i < 12; i++) expect(await keys.verify(`lk_random-guess-${i}-0123456789`, 'ingest')).toBeNull();
    expect(await keys.verify('lk_in-use-0123456789', 'ingest')).toMatchObject({ id: 'k6' });
  });

  it('answers 503, not 401, when the table cannot be read', async () => {
    const keys = new DynamoIngestKeys(dynamo, 'no-such-table');
    await expect(keys.verify('lk_any-key-0123456789', 'ingest')).rejects.toMatchObject({ status: 503, message: expect.stringMatching(/could not be checked/) });
  });
});
