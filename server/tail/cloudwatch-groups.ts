import { DescribeLogGroupsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { sourceOfLogGroup } from '../store/cloudwatch/log-groups';

export interface TailableLogGroup {
  name: string;
  /** What StartLiveTail takes (DescribeLogGroups' logGroupArn: no trailing `:*`). */
  arn: string;
  storedBytes?: number;
  retentionInDays?: number;
}

/** DescribeLogGroups is limited to a few calls a second per account: one listing reads at most this many pages. */
const MAX_PAGES = 4;
const WANTED = 50;

/**
 * CloudWatch log groups live tail can bridge: every group outside Logline's prefix (those are
 * Logline sources, tailed through the fan-out), optionally those whose name contains `search`.
 * `logGroupNamePattern` narrows the listing in AWS (a case-sensitive substring, as CloudWatch
 * defines it); the same test is applied here, so a stand-in that ignores the parameter agrees.
 */
export async function listTailableLogGroups(client: CloudWatchLogsClient, prefix: string, options: { search?: string; nextToken?: string } = {}): Promise<{ groups: TailableLogGroup[]; nextToken?: string }> {
  const search = options.search?.trim() || undefined;
  const groups: TailableLogGroup[] = [];
  let nextToken = options.nextToken;
  for (let page = 0; page < MAX_PAGES && groups.length < WANTED; page++) {
    const out = await client.send(new DescribeLogGroupsCommand({ logGroupNamePattern: search, nextToken, limit: 50 }));
    for (const g of out.logGroups ?? []) {
      const name = g.logGroupName;
      const arn = g.logGroupArn ?? g.arn?.replace(/:\*$/, '');
      if (!name || !arn || sourceOfLogGroup(prefix, name) !== null) continue;
      if (search && !name.includes(search)) continue;
      groups.push({ name, arn, storedBytes: g.storedBytes, retentionInDays: g.retentionInDays });
    }
    nextToken = out.nextToken;
    if (!nextToken) break;
  }
  return { groups, nextToken };
}
