import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  type CloudWatchLogsClient,
} from '@aws-sdk/client-cloudwatch-logs';
import type { LogEvent } from '@/lib/events';
import { DEFAULT_RETRY, describeError, mapLimit, withRetry, type RetryPolicy } from '../../aws/retry';
import { placeInWindow, planBatches, rejectedEvents, type PlanItem, type PutBatch } from './batches';
import { logGroupName, logStreamName } from './log-groups';
import { cloudWatchMessage } from './message';

export interface WriterOptions {
  /** Log group prefix (`config.aws.logGroupPrefix`): one group per source under it. */
  prefix: string;
  /** Retention set on the groups the writer creates (`config.aws.retentionDays`). */
  retentionDays: number;
  /** PutLogEvents calls in flight at once (parallel calls to one stream are allowed). */
  concurrency?: number;
  retry?: RetryPolicy;
  now?: () => number;
}

export interface WriteReport {
  /** Events CloudWatch stored. */
  written: number;
  /** PutLogEvents calls that succeeded, and their size by CloudWatch's rule (UTF-8 bytes + 26 per event). */
  calls: number;
  bytes: number;
  /** Events more than 2 h ahead, stored at their ingestion time with `logline.originalTimestamp`. */
  retimed: number;
  /**
   * Events CloudWatch cannot store, counted, not retried (retrying cannot help): older than 14
   * days or the retention (`tooOld`, also `expired` as CloudWatch reports it), ahead by CloudWatch's
   * clock (`tooNew`), larger than a whole call (`tooLarge`).
   */
  refused: { tooOld: number; tooNew: number; expired: number; tooLarge: number };
  /** Events not stored because their call failed after retries: the caller must retry or report them. */
  failed: LogEvent[];
  /** Why calls failed, one line each (deduplicated). */
  errors: string[];
}

/** Streams (and groups) known to exist; bounded so a worker that sees millions of device streams stays small. */
const MAX_CACHED = 50_000;

/**
 * Writes events to CloudWatch Logs: one log group per source (created with retention on first
 * use), streams created on demand, PutLogEvents planned within every limit (batches.ts), throttling
 * retried with backoff. `append` never throws for a failed call: it reports which events were not
 * stored so the SQS consumer retries exactly their messages.
 */
export class CloudWatchWriter {
  private readonly groups = new Map<string, Promise<void>>();
  private readonly streams = new Map<string, Promise<void>>();
  private readonly retry: RetryPolicy;
  private readonly now: () => number;

  constructor(
    private readonly client: CloudWatchLogsClient,
    private readonly options: WriterOptions,
  ) {
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.now = options.now ?? Date.now;
  }

  async append(events: LogEvent[]): Promise<WriteReport> {
    const report: WriteReport = { written: 0, calls: 0, bytes: 0, retimed: 0, refused: { tooOld: 0, tooNew: 0, expired: 0, tooLarge: 0 }, failed: [], errors: [] };
    const now = this.now();
    const items: PlanItem<LogEvent>[] = [];
    for (const event of events) {
      const placed = placeInWindow(event.timestamp, event.ingestionTime, now, this.options.retentionDays);
      if (placed.kind === 'tooOld') {
        report.refused.tooOld++;
        continue;
      }
      if (placed.kind === 'retime') report.retimed++;
      items.push({
        logGroupName: logGroupName(this.options.prefix, event.log),
        logStreamName: logStreamName(event.logStream),
        timestamp: placed.timestamp,
        message: cloudWatchMessage(event, placed.kind === 'retime' ? { 'logline.originalTimestamp': placed.original } : undefined),
        ref: event,
      });
    }
    const plan = planBatches(items);
    report.refused.tooLarge += plan.tooLarge.length;
    const errors = new Set<string>();
    await mapLimit(plan.batches, this.options.concurrency ?? 4, async (batch) => {
      try {
        await this.put(batch, report);
      } catch (error) {
        report.failed.push(...batch.refs);
        errors.add(`${batch.logGroupName} ${batch.logStreamName}: ${describeError(error)}`);
      }
    });
    report.errors = [...errors];
    return report;
  }

  private async put(batch: PutBatch<LogEvent>, report: WriteReport): Promise<void> {
    await this.ensureStream(batch.logGroupName, batch.logStreamName);
    const send = () => withRetry(() => this.client.send(new PutLogEventsCommand({ logGroupName: batch.logGroupName, logStreamName: batch.logStreamName, logEvents: batch.logEvents })), this.retry);
    let out;
    try {
      out = await send();
    } catch (error) {
      if ((error as Error).name !== 'ResourceNotFoundException') throw error;
      // The group or stream was deleted behind our cache: create it again, once.
      this.forget(batch.logGroupName, batch.logStreamName);
      await this.ensureStream(batch.logGroupName, batch.logStreamName);
      out = await send();
    }
    const rejected = rejectedEvents(out.rejectedLogEventsInfo, batch.logEvents.length);
    report.refused.tooOld += rejected.tooOld;
    report.refused.tooNew += rejected.tooNew;
    report.refused.expired += rejected.expired;
    report.written += batch.logEvents.length - rejected.indices.size;
    report.calls++;
    report.bytes += batch.bytes;
  }

  private ensureStream(group: string, stream: string): Promise<void> {
    const key = `${group}\u0000${stream}`;
    return remember(this.streams, key, async () => {
      await this.ensureGroup(group);
      await this.create(() => this.client.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream })));
    });
  }

  private ensureGroup(group: string): Promise<void> {
    return remember(this.groups, group, async () => {
      const created = await this.create(() => this.client.send(new CreateLogGroupCommand({ logGroupName: group })));
      // Retention only on groups we create: a group made by infra/ or an admin keeps theirs.
      if (created) await withRetry(() => this.client.send(new PutRetentionPolicyCommand({ logGroupName: group, retentionInDays: this.options.retentionDays })), this.retry);
    });
  }

  /** True when this call created the resource; false when another consumer got there first. */
  private async create(call: () => Promise<unknown>): Promise<boolean> {
    try {
      await withRetry(call, this.retry);
      return true;
    } catch (error) {
      if ((error as Error).name === 'ResourceAlreadyExistsException') return false;
      throw error;
    }
  }

  private forget(group: string, stream: string): void {
    this.groups.delete(group);
    this.streams.delete(`${group}\u0000${stream}`);
  }
}

/** One creation per key even under concurrent callers; a failure is forgotten so the next call tries again. */
function remember(cache: Map<string, Promise<void>>, key: string, make: () => Promise<void>): Promise<void> {
  const known = cache.get(key);
  if (known) return known;
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  const p = make().catch((error: unknown) => {
    cache.delete(key);
    throw error;
  });
  cache.set(key, p);
  return p;
}
