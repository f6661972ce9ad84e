import {
  CloudWatchLogsClient,
  DeleteQueryDefinitionCommand,
  DescribeQueryDefinitionsCommand,
  PutQueryDefinitionCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MetaDb } from '../meta/db';
import { DuckDbBackend } from '../store/duckdb/backend';
import { tempDataDir } from '../test-support/spawn-server';
import { QueryDefinitionMirror } from './query-definitions';

/**
 * moto does not implement Logs Insights query definitions, so this test stops at the SDK
 * boundary: aws-sdk-client-mock answers the commands the real client sends, while the link
 * table lives in a real DuckDB file.
 */
const cw = mockClient(CloudWatchLogsClient);
let backend: DuckDbBackend;
let mirror: QueryDefinitionMirror;

beforeAll(async () => {
  backend = await DuckDbBackend.open({ dataDir: tempDataDir(), maxQueuedEvents: 1000 });
  const meta = new MetaDb(await backend.instance.connect());
  mirror = new QueryDefinitionMirror(new CloudWatchLogsClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } }), meta);
});
afterAll(async () => {
  await backend.close();
});
beforeEach(() => cw.reset());

const team = { id: 'q1', name: 'Error rate', folder: 'API', ql: 'filter level = "error" | stats count(*)', visibility: 'team' as const };

describe('team queries mirrored to CloudWatch query definitions', () => {
  it('creates a definition for a team query, then updates the same one on rename', async () => {
    cw.on(PutQueryDefinitionCommand).resolves({ queryDefinitionId: 'def-1' });
    await mirror.sync(team);
    expect(cw.commandCalls(PutQueryDefinitionCommand)[0].args[0].input).toEqual({ name: 'Logline/API/Error rate', queryString: team.ql, queryDefinitionId: undefined });
    await mirror.sync({ ...team, name: 'Error rate by route' });
    expect(cw.commandCalls(PutQueryDefinitionCommand)[1].args[0].input).toMatchObject({ name: 'Logline/API/Error rate by route', queryDefinitionId: 'def-1' });
  });

  it('never mirrors private queries, and withdraws a query made private or deleted', async () => {
    await mirror.sync({ ...team, id: 'private-1', visibility: 'private' });
    expect(cw.commandCalls(PutQueryDefinitionCommand)).toHaveLength(0);
    cw.on(DeleteQueryDefinitionCommand).resolves({ success: true });
    await mirror.sync({ ...team, visibility: 'private' });
    expect(cw.commandCalls(DeleteQueryDefinitionCommand)[0].args[0].input).toEqual({ queryDefinitionId: 'def-1' });
    await mirror.sync({ id: 'q1', deleted: true });
    expect(cw.commandCalls(DeleteQueryDefinitionCommand)).toHaveLength(1);
  });

  it('reconciles: puts every team query and deletes stale Logline definitions across pages', async () => {
    cw.on(PutQueryDefinitionCommand).resolves({ queryDefinitionId: 'def-2' });
    cw.on(DescribeQueryDefinitionsCommand)
      .resolvesOnce({ queryDefinitions: [{ queryDefinitionId: 'def-2', name: 'Logline/API/Error rate' }], nextToken: 'page-2' })
      .resolvesOnce({ queryDefinitions: [{ queryDefinitionId: 'stale-9', name: 'Logline/Old/gone' }] });
    cw.on(DeleteQueryDefinitionCommand).resolves({ success: true });
    expect(await mirror.reconcile([team])).toEqual({ put: 1, deleted: 1 });
    expect(cw.commandCalls(DescribeQueryDefinitionsCommand).map((c) => c.args[0].input.nextToken)).toEqual([undefined, 'page-2']);
    expect(cw.commandCalls(DeleteQueryDefinitionCommand).map((c) => c.args[0].input.queryDefinitionId)).toEqual(['stale-9']);
  });
});
