// Logline's log groups in CloudWatch (one per source under the prefix), from DescribeLogGroups.
// Kept for a minute: queries over "all sources" need the names (StartQuery takes them), the
// source picker lists them, and DescribeLogGroups is limited to a few calls a second per account.
import { DescribeLogGroupsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { TimeRange } from '../query-result';
import { logGroupName, sourceOfLogGroup } from './log-groups';

export interface LogGroupInfo {
  name: string;
  source: string;
  /** What CloudWatch stores (compressed); scans read the uncompressed events, usually several times more. */
  storedBytes: number;
  creationTime: number;
  retentionDays?: number;
}

export const CATALOG_TTL_MS = 60_000;
const DESCRIBE_TIMEOUT_MS = 15_000;

/** `work`, or the abort reason as soon as `signal` aborts (the work itself goes on). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export class LogGroupCatalog {
  private cached: { at: number; groups: LogGroupInfo[] } | null = null;
  private inFlight: Promise<LogGroupInfo[]> | null = null;

  constructor(
    private readonly client: CloudWatchLogsClient,
    readonly prefix: string,
    private readonly ttlMs = CATALOG_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Every Logline log group, by name. Concurrent callers share one DescribeLogGroups walk, so
   * one caller giving up (`signal`) stops waiting without failing the walk for the others.
   */
  async list(signal?: AbortSignal): Promise<LogGroupInfo[]> {
    if (this.cached && this.now() - this.cached.at < this.ttlMs) return this.cached.groups;
    this.inFlight ??= this.describe(AbortSignal.timeout(DESCRIBE_TIMEOUT_MS)).then(
      (groups) => {
        this.cached = { at: this.now(), groups };
        this.inFlight = null;
        return groups;
      },
      (error: unknown) => {
        this.inFlight = null;
        throw error;
      },
    );
    return signal ? untilAborted(this.inFlight, signal) : this.inFlight;
  }

  /** Forget the list (a group was created or deleted behind our back). */
  invalidate(): void {
    this.cached = null;
  }

  /** The groups that exist for these sources (all groups when none are given). */
  async groupsFor(sources: readonly string[], signal?: AbortSignal): Promise<LogGroupInfo[]> {
    const groups = await this.list(signal);
    if (sources.length === 0) return groups;
    const wanted = new Set(sources.map((s) => logGroupName(this.prefix, s)));
    return groups.filter((g) => wanted.has(g.name));
  }

  private async describe(signal?: AbortSignal): Promise<LogGroupInfo[]> {
    const out: LogGroupInfo[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: this.prefix, nextToken }), { abortSignal: signal });
      for (const g of page.logGroups ?? []) {
        const source = g.logGroupName ? sourceOfLogGroup(this.prefix, g.logGroupName) : null;
        if (!g.logGroupName || source === null) continue;
        out.push({ name: g.logGroupName, source, storedBytes: g.storedBytes ?? 0, creationTime: g.creationTime ?? 0, retentionDays: g.retentionInDays });
      }
      nextToken = page.nextToken;
    } while (nextToken);
    return out.sort((a, b) => (a.name < b.name ? -1 : 1));
  }
}

/**
 * Bytes of these groups' stored data that fall in the range, assuming events arrive evenly
 * over each group's life (creation, or the retention window, up to now). A first guess before a
 * query has run: CloudWatch bills the bytes it scans, which are uncompressed and so usually
 * several times the stored size; a previous run over the same sources is a better guide.
 */
export function storedBytesInRange(groups: readonly LogGroupInfo[], range: TimeRange, now: number): number {
  let total = 0;
  for (const g of groups) {
    const kept = g.retentionDays ? now - g.retentionDays * 86_400_000 : 0;
    const from = Math.max(g.creationTime, kept);
    const life = now - from;
    if (life <= 0 || g.storedBytes <= 0) continue;
    const overlap = Math.max(0, Math.min(range.end, now) - Math.max(range.start, from));
    total += g.storedBytes * Math.min(1, overlap / life);
  }
  return Math.round(total);
}
