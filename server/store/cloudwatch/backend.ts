// LogBackend over CloudWatch Logs (AWS mode): reads through Logs Insights and the log-group
// APIs (insights.ts, insights-discovery.ts), writes through the writer it is given (the SQS
// consumer's CloudWatch writer in production).
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { LogEvent } from '@/lib/events';
import type { Query } from '@/lib/query';
import type { FieldsResult, LatestOptions, LogBackend, QueryOptions, QueryResult, ScanEstimate, StoreHealth, StoredEvent, TimeRange, ValueCount } from '../backend';
import { fromAwsError } from './insights-errors';
import { CloudWatchInsights } from './insights';
import { discoverFields, latestEvents, topValues } from './insights-discovery';
import { estimatedCost } from './insights-result';
import { storedBytesInRange } from './log-group-catalog';

/** Whatever stores events in CloudWatch Logs; only its promise settling matters here. */
export interface EventWriter {
  append(events: LogEvent[]): Promise<unknown>;
}

export class CloudWatchBackend implements LogBackend {
  constructor(
    readonly insights: CloudWatchInsights,
    private readonly client: CloudWatchLogsClient,
    private readonly writer: EventWriter,
    /** Region or endpoint, for health and error messages. */
    private readonly where = 'AWS',
  ) {}

  async append(events: LogEvent[]): Promise<void> {
    if (events.length > 0) await this.writer.append(events);
  }

  /** Counting events in CloudWatch needs a billed scan of everything: not done (null). */
  async count(): Promise<null> {
    return null;
  }

  async sources(): Promise<string[]> {
    try {
      return (await this.insights.catalog.list()).map((g) => g.source);
    } catch (error) {
      throw fromAwsError(error, { where: this.where }) ?? error;
    }
  }

  latest(options: LatestOptions): Promise<StoredEvent[]> {
    return latestEvents(this.insights, options);
  }

  query(query: Query, range: TimeRange, sources?: string[], options?: QueryOptions): Promise<QueryResult> {
    return this.insights.query(query, range, sources ?? [], options);
  }

  async fields(range: TimeRange, sources?: string[], options?: QueryOptions): Promise<FieldsResult> {
    try {
      const groups = await this.insights.catalog.groupsFor(sources ?? [], options?.signal);
      return await discoverFields(this.client, groups, range, options);
    } catch (error) {
      throw fromAwsError(error, { where: this.where }) ?? error;
    }
  }

  values(field: string, range: TimeRange, sources?: string[], limit = 10, options?: QueryOptions): Promise<ValueCount[]> {
    return topValues(this.insights, field, range, sources ?? [], limit, options);
  }

  /** Free (DescribeLogGroups, cached): what a query over the range would read, as a first guess. */
  async estimate(range: TimeRange, sources: string[] = [], now = Date.now()): Promise<ScanEstimate> {
    try {
      const groups = await this.insights.catalog.groupsFor(sources);
      const storedBytes = storedBytesInRange(groups, range, now);
      return { storedBytes, estimatedCostUsd: estimatedCost(storedBytes, this.insights.pricePerGb), pricePerGb: this.insights.pricePerGb, logGroups: groups.length };
    } catch (error) {
      throw fromAwsError(error, { where: this.where }) ?? error;
    }
  }

  /** Reachability of CloudWatch, answered within a few seconds whatever happens. */
  async health(): Promise<StoreHealth> {
    try {
      const groups = await Promise.race([
        this.insights.catalog.list(AbortSignal.timeout(3000)),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer within 3 s')), 3000).unref()),
      ]);
      return { cloudwatch: { reachable: true, where: this.where, logGroups: groups.length, storedBytes: groups.reduce((n, g) => n + g.storedBytes, 0) } };
    } catch (error) {
      const known = fromAwsError(error, { where: this.where });
      return { cloudwatch: { reachable: false, where: this.where, error: known?.message ?? (error as Error).message } };
    }
  }

  async close(): Promise<void> {
    // The client belongs to the registry (the query-definition mirror shares it).
  }
}
