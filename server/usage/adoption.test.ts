import { CloudWatchLogsClient, DescribeLogGroupsCommand, GetQueryResultsCommand, MalformedQueryException, StartQueryCommand, StopQueryCommand } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { usageSettings } from '@/lib/usage/settings';
import { CloudWatchBackend } from '../store/cloudwatch/backend';
import { CloudWatchInsights } from '../store/cloudwatch/insights';
import { adoptionReport } from './adoption';

/**
 * The week queries of a usage report in AWS mode, at the SDK boundary (aws-sdk-client-mock):
 * moto answers every Logs Insights query Complete at once, so it cannot show queries still
 * running when another one fails.
 */
const cw = mockClient(CloudWatchLogsClient);
const client = new CloudWatchLogsClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });

describe('a usage report in AWS mode', () => {
  it('stops the other week queries (each is billed) as soon as one fails', async () => {
    cw.reset();
    cw.on(DescribeLogGroupsCommand).resolves({ logGroups: [{ logGroupName: '/logline/web', storedBytes: 1000, creationTime: 0 }] });
    let started = 0;
    cw.on(StartQueryCommand).callsFake(() => {
      started++;
      if (started === 3) throw new MalformedQueryException({ message: 'refused', $metadata: {} });
      return { queryId: `q-${started}` };
    });
    cw.on(GetQueryResultsCommand).resolves({ status: 'Running', results: [] });
    cw.on(StopQueryCommand).resolves({ success: true });
    const insights = new CloudWatchInsights(client, { logGroupPrefix: '/logline/', maxConcurrent: 4, pricePerGb: 0.005, pollDelaysMs: [5], retryDelaysMs: [10] });
    const backend = new CloudWatchBackend(insights, client, { append: async () => undefined }, 'test');
    const settings = usageSettings.parse({ eventFilter: 'event = "feature_used"', featureField: 'feature', userField: 'user.id', timeZone: 'UTC', baselineWeeks: 4 });
    await expect(adoptionReport(backend, settings, { weeks: 12, before: 5, now: Date.UTC(2026, 5, 3) })).rejects.toMatchObject({ message: expect.stringMatching(/refused/) });
    await new Promise((r) => setTimeout(r, 50)); // let the aborted queries send their StopQuery
    // Every query that started beside the failed one is stopped; the weeks still waiting for one of
    // the 4 slots never start (a slot freed by the failure may start one, which is stopped at once).
    const ran = Array.from({ length: started }, (_, i) => `q-${i + 1}`).filter((id) => id !== 'q-3');
    expect(cw.commandCalls(StopQueryCommand).map((c) => c.args[0].input.queryId).sort()).toEqual(ran.sort());
    expect(started).toBeLessThanOrEqual(5);
  });
});
