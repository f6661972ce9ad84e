import { CreateLogGroupCommand, CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMoto, uniqueName, type RunningMoto } from './moto';

describe('moto_server test support', () => {
  let moto: RunningMoto;
  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(async () => moto?.stop());

  it('serves the AWS APIs on loopback and forgets them on reset', async () => {
    const logs = new CloudWatchLogsClient(moto.client);
    const name = uniqueName('/test/moto');
    await logs.send(new CreateLogGroupCommand({ logGroupName: name }));
    const found = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
    expect(found.logGroups?.map((g) => g.logGroupName)).toEqual([name]);
    await moto.reset();
    const after = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
    expect(after.logGroups ?? []).toEqual([]);
  });
});
