// Logs Insights queries for the console in AWS mode: StartQuery with the QL printed from the AST,
// GetQueryResults polled with backoff (partial results streamed while Running), StopQuery when
// the caller gives up or the deadline passes, all behind the console's own FIFO queue.
import {
  GetQueryResultsCommand, StartQueryCommand, StopQueryCommand,
  type CloudWatchLogsClient, type GetQueryResultsResponse, type ResultField,
} from '@aws-sdk/client-cloudwatch-logs';
import type { Query } from '@/lib/query';
import { QueryEngineError } from '../duckdb/query/errors';
import type { QueryOptions, QueryResult, TimeRange } from '../query-result';
import { awsErrorName, isQuotaError, toEngineError } from './insights-errors';
import { InsightsQueue } from './insights-queue';
import { MAX_LOG_GROUPS_PER_QUERY, prepareQuery, type InsightsTarget, type PreparedQuery } from './insights-request';
import { mapRows, mapStatistics } from './insights-result';
import { LogGroupCatalog } from './log-group-catalog';

/** A browser waits this long for a query by default (CloudWatch itself stops one after 60 min). */
export const INSIGHTS_TIMEOUT_MS = 5 * 60_000;
export const DEFAULT_PRICE_PER_GB = 0.005;
const MAX_QUERY_STRING = 10_000;
const MAX_RESULT_ROWS = 100_000;

export interface InsightsSettings {
  logGroupPrefix: string;
  /** Queries this console runs at once (LOGLINE_INSIGHTS_MAX_CONCURRENT). */
  maxConcurrent: number;
  /** US dollars per GB scanned (LOGLINE_INSIGHTS_PRICE_PER_GB). */
  pricePerGb?: number;
  /** Region or endpoint, for error messages. */
  where?: string;
  timeoutMs?: number;
  /** GetQueryResults delays in ms; the last one repeats. */
  pollDelaysMs?: readonly number[];
  /** Waits after LimitExceeded or throttling, in ms; the last one repeats. */
  retryDelaysMs?: readonly number[];
  /** Rows sent with each partial result (the final result carries all of them). */
  partialRows?: number;
}

const POLL_DELAYS = [200, 300, 500, 800, 1200, 2000];
const RETRY_DELAYS = [1000, 2000, 4000, 8000, 15_000];

/** Resolves after `ms`, or rejects at once when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

const delayAt = (delays: readonly number[], i: number) => delays[Math.min(i, delays.length - 1)];

/** Why a run stopped early: the caller's signal, or our deadline. */
type StopReason = 'cancelled' | 'timeout';

export class CloudWatchInsights {
  readonly queue: InsightsQueue;
  readonly catalog: LogGroupCatalog;
  private readonly settings: Required<Omit<InsightsSettings, 'where'>> & { where: string };

  constructor(private readonly client: CloudWatchLogsClient, settings: InsightsSettings, catalog?: LogGroupCatalog) {
    this.settings = {
      pricePerGb: DEFAULT_PRICE_PER_GB, where: 'AWS', timeoutMs: INSIGHTS_TIMEOUT_MS, pollDelaysMs: POLL_DELAYS,
      retryDelaysMs: RETRY_DELAYS, partialRows: 1000, ...settings,
    };
    this.queue = new InsightsQueue(settings.maxConcurrent);
    this.catalog = catalog ?? new LogGroupCatalog(client, settings.logGroupPrefix);
  }

  get pricePerGb(): number {
    return this.settings.pricePerGb;
  }

  /**
   * Runs the query over the range (epoch ms, both ends inclusive) and sources (every Logline log
   * group when empty). Resolves with the final result; `onPartial` hears the results so far
   * while CloudWatch runs it, `onQueued` where it waits. Rejects with a QueryEngineError the
   * routes answer (see insights-errors.ts).
   */
  async query(ast: Query, range: TimeRange, sources: readonly string[] = [], options: QueryOptions = {}): Promise<QueryResult> {
    const timeoutMs = options.timeoutMs ?? this.settings.timeoutMs;
    const stop = new AbortController();
    let reason: StopReason | null = null;
    const halt = (why: StopReason) => {
      reason ??= why;
      stop.abort(new QueryEngineError(why === 'timeout' ? 'timeout' : 'cancelled', why));
    };
    if (options.signal?.aborted) throw new QueryEngineError('cancelled', 'the query was cancelled');
    const onAbort = () => halt('cancelled');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => halt('timeout'), timeoutMs);
    let prepared: PreparedQuery | undefined;
    const waiting = { forQuota: false };
    try {
      const target = await this.target(sources, stop.signal);
      if (!target) return this.empty(ast);
      prepared = prepareQuery(ast, range, target, this.settings.logGroupPrefix);
      if (prepared.queryString.length > MAX_QUERY_STRING) {
        throw new QueryEngineError('invalid', `the query is ${prepared.queryString.length} characters once printed for CloudWatch, over its limit of ${MAX_QUERY_STRING}; shorten it`);
      }
      const release = await this.queue.acquire(stop.signal, (position) => options.onQueued?.({ reason: 'console-queue', position }));
      try {
        const queryId = await this.start(prepared, sources, ast, range, stop.signal, options, waiting);
        return await this.poll(queryId, ast, stop.signal, options, () => reason);
      } finally {
        release();
      }
    } catch (error) {
      if (reason === 'timeout' && waiting.forQuota) {
        throw new QueryEngineError('throttled', `the AWS account's Logs Insights quota stayed in use for ${Math.round(timeoutMs / 1000)} s (other tools and dashboards count too); try again shortly`, undefined, 30);
      }
      if (reason === 'timeout') {
        throw new QueryEngineError('timeout', `the query ran longer than ${Math.round(timeoutMs / 1000)} s and was stopped (waiting included); narrow the time range or add filters`);
      }
      if (reason === 'cancelled') throw new QueryEngineError('cancelled', 'the query was cancelled');
      throw toEngineError(error, { where: this.settings.where, prepared });
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** The log groups to read, or null when none exist for the sources (then nothing is billed). */
  private async target(sources: readonly string[], signal: AbortSignal): Promise<InsightsTarget | null> {
    const groups = await this.catalog.groupsFor(sources, signal);
    if (groups.length === 0) return null;
    if (groups.length <= MAX_LOG_GROUPS_PER_QUERY) return { groups: groups.map((g) => g.name) };
    // Only "all sources" can reach this (the routes take at most 50): one prefix covers them all.
    return { prefix: this.settings.logGroupPrefix };
  }

  private empty(ast: Query): QueryResult {
    return { ...mapRows(ast, [], this.settings.logGroupPrefix), statistics: mapStatistics(undefined, this.settings.pricePerGb) };
  }

  /**
   * StartQuery. The account's concurrent-query quota is shared with everyone else, so a
   * LimitExceeded (or throttling) waits with backoff and retries until the deadline, keeping this
   * query's slot; a log group deleted since the catalog was read refreshes it once.
   */
  private async start(
    prepared: PreparedQuery, sources: readonly string[], ast: Query, range: TimeRange, signal: AbortSignal, options: QueryOptions, waiting: { forQuota: boolean },
  ): Promise<string> {
    let current = prepared;
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      try {
        const out = await this.client.send(new StartQueryCommand({
          queryString: current.queryString, startTime: current.startTime, endTime: current.endTime, logGroupNames: current.logGroupNames,
        }), { abortSignal: signal });
        waiting.forQuota = false;
        if (!out.queryId) throw new QueryEngineError('failed', 'CloudWatch started the query but returned no query id; try again');
        return out.queryId;
      } catch (error) {
        if (signal.aborted) throw error;
        if (isQuotaError(error)) {
          const retryInMs = delayAt(this.settings.retryDelaysMs, attempt);
          waiting.forQuota = true;
          options.onQueued?.({ reason: 'account-quota', retryInMs });
          await sleep(retryInMs, signal);
          continue;
        }
        if (awsErrorName(error) === 'ResourceNotFoundException' && !refreshed) {
          refreshed = true;
          this.catalog.invalidate();
          const target = await this.target(sources, signal);
          if (!target) throw error;
          current = prepareQuery(ast, range, target, this.settings.logGroupPrefix);
          continue;
        }
        throw error;
      }
    }
  }

  private async poll(queryId: string, ast: Query, signal: AbortSignal, options: QueryOptions, stopped: () => StopReason | null): Promise<QueryResult> {
    let unknown = 0;
    let lastPartial = '';
    try {
      for (let i = 0; ; i++) {
        await sleep(delayAt(this.settings.pollDelaysMs, i), signal);
        let out: GetQueryResultsResponse;
        try {
          out = await this.client.send(new GetQueryResultsCommand({ queryId }), { abortSignal: signal });
        } catch (error) {
          // Polling too fast for the account's rate: wait longer, the query keeps running.
          if (!signal.aborted && isQuotaError(error)) continue;
          throw error;
        }
        switch (out.status) {
          case 'Complete':
            return await this.complete(queryId, out, ast, signal);
          case 'Scheduled':
          case 'Running': {
            if (!options.onPartial || !out.results?.length) break;
            const partial = this.result(ast, out.results.slice(0, this.settings.partialRows), out);
            const key = `${out.results.length}:${partial.statistics.recordsMatched}:${partial.statistics.recordsScanned}`;
            if (key !== lastPartial) options.onPartial(partial);
            lastPartial = key;
            break;
          }
          case 'Failed':
            throw new QueryEngineError('failed', 'CloudWatch Logs Insights reported the query as Failed; run it again, and if it fails again narrow the range or simplify the query');
          case 'Timeout':
            throw new QueryEngineError('timeout', 'CloudWatch stopped the query at its 60-minute limit; narrow the time range, or split it into several queries');
          case 'Cancelled':
            throw new QueryEngineError('cancelled', 'the query was stopped in CloudWatch (StopQuery from outside this console); run it again');
          default:
            // Unknown: CloudWatch lost track of it for a moment; give up after a few polls.
            if (++unknown >= 5) throw new QueryEngineError('failed', 'CloudWatch Logs Insights reports the query\'s status as Unknown; run it again');
        }
      }
    } catch (error) {
      // Stopped by the caller or our deadline (not by CloudWatch ending it): free the account's slot.
      if (stopped() !== null) await this.stopQuery(queryId);
      throw error;
    }
  }

  /** The final result, with every page when the query returned more than one (10 000 rows each). */
  private async complete(queryId: string, first: GetQueryResultsResponse, ast: Query, signal: AbortSignal): Promise<QueryResult> {
    const results: ResultField[][] = [...(first.results ?? [])];
    const seen = new Set<string>();
    let nextToken = first.nextToken;
    // CloudWatch returns at most 100 000 rows; a repeated token would never end.
    while (nextToken && !seen.has(nextToken) && results.length < MAX_RESULT_ROWS) {
      seen.add(nextToken);
      const page = await this.client.send(new GetQueryResultsCommand({ queryId, nextToken }), { abortSignal: signal });
      results.push(...(page.results ?? []));
      nextToken = page.nextToken;
    }
    return this.result(ast, results, first);
  }

  private result(ast: Query, results: ResultField[][], out: GetQueryResultsResponse): QueryResult {
    return { ...mapRows(ast, results, this.settings.logGroupPrefix), statistics: mapStatistics(out.statistics, this.settings.pricePerGb) };
  }

  /** Best effort: the query may have finished meanwhile (CloudWatch then refuses the stop). */
  private async stopQuery(queryId: string): Promise<void> {
    try {
      await this.client.send(new StopQueryCommand({ queryId }), { abortSignal: AbortSignal.timeout(5000) });
    } catch {
      // Nothing left to stop, or CloudWatch unreachable: it ends on its own at its time limit.
    }
  }
}
