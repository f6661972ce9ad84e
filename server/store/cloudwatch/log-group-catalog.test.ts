import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { LogGroupCatalog } from './log-group-catalog';

/** At the SDK boundary to control timing and paging (moto's DescribeLogGroups is used in insights.int.test.ts). */
const cw = mockClient(CloudWatchLogsClient);
const client = new CloudWatchLogsClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });

beforeEach(() => cw.reset());

describe('the log-group catalog', () => {
  it('walks every page under the prefix, keeps only Logline groups, and is cached', async () => {
    cw.on(DescribeLogGroupsCommand)
      .resolvesOnce({ logGroups: [{ logGroupName: '/logline/web', storedBytes: 5 }, { logGroupName: '/logline/' }], nextToken: 't2' })
      .resolvesOnce({ logGroups: [{ logGroupName: '/logline/api', storedBytes: 7, retentionInDays: 30 }] });
    let now = 0;
    const catalog = new LogGroupCatalog(client, '/logline/', 60_000, () => now);
    expect((await catalog.list()).map((g) => [g.source, g.storedBytes, g.retentionDays])).toEqual([['api', 7, 30], ['web', 5, undefined]]);
    now = 59_000;
    await catalog.list();
    expect(cw.commandCalls(DescribeLogGroupsCommand).map((c) => c.args[0].input)).toEqual([{ logGroupNamePrefix: '/logline/', nextToken: undefined }, { logGroupNamePrefix: '/logline/', nextToken: 't2' }]);
    expect((await catalog.groupsFor(['api', 'nope'])).map((g) => g.name)).toEqual(['/logline/api']);
  });

  it('callers share one walk; one giving up does not fail it for the others', async () => {
    cw.on(DescribeLogGroupsCommand).callsFake(() => new Promise((r) => setTimeout(() => r({ logGroups: [{ logGroupName: '/logline/api' }] }), 50)));
    const catalog = new LogGroupCatalog(client, '/logline/');
    const quitter = new AbortController();
    const first = catalog.list(quitter.signal);
    const second = catalog.list();
    quitter.abort(new Error('user left'));
    await expect(first).rejects.toThrow('user left');
    expect((await second).map((g) => g.source)).toEqual(['api']);
    expect(cw.commandCalls(DescribeLogGroupsCommand)).toHaveLength(1);
  });
});
