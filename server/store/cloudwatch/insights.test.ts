import {
  CloudWatchLogsClient, DescribeLogGroupsCommand, GetQueryResultsCommand, LimitExceededException, MalformedQueryException,
  ResourceNotFoundException, StartQueryCommand, StopQueryCommand, ThrottlingException, type GetQueryResultsResponse,
} from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { parse, type Query } from '@/lib/query';
import type { QueryResult, QueryWait } from '../query-result';
import { CloudWatchInsights, type InsightsSettings } from './insights';

/**
 * At the SDK boundary with aws-sdk-client-mock: moto answers every query Complete at once and
 * has no statistics, LimitExceeded or StopQuery, so it cannot produce these paths (Running with
 * partial results, Failed, Timeout, cancellation, the account quota, the concurrency cap).
 * The happy path against moto is in insights.int.test.ts.
 */
const cw = mockClient(CloudWatchLogsClient);
const client = new CloudWatchLogsClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
const meta = { $metadata: {} };

function ast(text: string): Query {
  const r = parse(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.query;
}

function insights(extra: Partial<InsightsSettings> = {}): CloudWatchInsights {
  return new CloudWatchInsights(client, { logGroupPrefix: '/logline/', maxConcurrent: 4, pricePerGb: 0.005, pollDelaysMs: [5], retryDelaysMs: [10, 20], ...extra });
}

const groups = (...sources: string[]) => ({ logGroups: sources.map((s) => ({ logGroupName: `/logline/${s}`, storedBytes: 1000, creationTime: 0 })) });
const cells = (o: Record<string, string>) => Object.entries(o).map(([field, value]) => ({ field, value }));
const running = (n: number, matched: number): GetQueryResultsResponse => ({
  status: 'Running', results: Array.from({ length: n }, (_, i) => cells({ route: `/r${i}`, 'count(*)': String(i + 1) })), statistics: { recordsMatched: matched, recordsScanned: matched * 10, bytesScanned: matched * 100 },
});
const RANGE = { start: 1_700_000_000_250, end: 1_700_003_600_750 };

beforeEach(() => {
  cw.reset();
  cw.on(DescribeLogGroupsCommand).resolves(groups('api', 'web'));
  cw.on(StartQueryCommand).resolves({ queryId: 'q-1' });
  cw.on(StopQueryCommand).resolves({ success: true });
});

describe('statuses', () => {
  it('Running with partial results, then Complete: partials are streamed, the final result is whole', async () => {
    cw.on(GetQueryResultsCommand)
      .resolvesOnce({ status: 'Scheduled' })
      .resolvesOnce(running(1, 40))
      .resolvesOnce(running(1, 40)) // unchanged: not sent again
      .resolvesOnce(running(2, 90))
      .resolves({ ...running(3, 120), status: 'Complete', statistics: { recordsMatched: 120, recordsScanned: 5000, bytesScanned: 2 * 1024 ** 3 } });
    const partials: QueryResult[] = [];
    const result = await insights().query(ast('stats count(*) by route'), RANGE, [], { onPartial: (p) => partials.push(p) });
    expect(partials.map((p) => [p.rows.length, p.statistics.recordsMatched])).toEqual([[1, 40], [2, 90]]);
    expect(partials[1].rows[1]).toEqual({ route: '/r1', 'count(*)': 2 });
    expect(result.fields).toEqual(['route', 'count(*)']);
    expect(result.rows).toHaveLength(3);
    expect(result.statistics).toEqual({ recordsMatched: 120, recordsScanned: 5000, bytesScanned: 2 * 1024 ** 3, estimatedCostUsd: 0.01 });
    expect(cw.commandCalls(StartQueryCommand)[0].args[0].input.logGroupNames).toEqual(['/logline/api', '/logline/web']);
  });

  it('reads every page of a large Complete result', async () => {
    cw.on(GetQueryResultsCommand).callsFake(({ nextToken }: { nextToken?: string }) =>
      nextToken === 'p2' ? { status: 'Complete', results: [cells({ n: '3' })] } : { status: 'Complete', results: [cells({ n: '1' }), cells({ n: '2' })], nextToken: 'p2' });
    const result = await insights().query(ast('fields n'), RANGE);
    expect(result.rows).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it.each([
    ['Failed', 'failed', /reported the query as Failed/],
    ['Timeout', 'timeout', /60-minute limit/],
    ['Cancelled', 'cancelled', /stopped in CloudWatch/],
    ['Unknown', 'failed', /Unknown/],
  ] as const)('%s becomes a clear %s error', async (status, kind, message) => {
    cw.on(GetQueryResultsCommand).resolves({ status });
    await expect(insights().query(ast('stats count(*)'), RANGE)).rejects.toMatchObject({ kind, message: expect.stringMatching(message) });
    expect(cw.commandCalls(StopQueryCommand)).toHaveLength(0);
  });
});

describe('stopping', () => {
  it('the caller cancels while it runs: StopQuery is sent for that query', async () => {
    cw.on(GetQueryResultsCommand).resolves(running(1, 1));
    const gone = new AbortController();
    const run = insights().query(ast('stats count(*) by route'), RANGE, [], { signal: gone.signal, onPartial: () => gone.abort() });
    await expect(run).rejects.toMatchObject({ kind: 'cancelled' });
    expect(cw.commandCalls(StopQueryCommand).map((c) => c.args[0].input)).toEqual([{ queryId: 'q-1' }]);
  });

  it('our deadline passes: StopQuery, then a 504-style timeout', async () => {
    cw.on(GetQueryResultsCommand).resolves(running(0, 0));
    await expect(insights().query(ast('stats count(*)'), RANGE, [], { timeoutMs: 60 })).rejects.toMatchObject({ kind: 'timeout', message: expect.stringMatching(/longer than 0 s|narrow the time range/) });
    expect(cw.commandCalls(StopQueryCommand)).toHaveLength(1);
  });

  it('cancelled before it starts: nothing is sent to CloudWatch', async () => {
    const gone = new AbortController();
    gone.abort();
    await expect(insights().query(ast('stats count(*)'), RANGE, [], { signal: gone.signal })).rejects.toMatchObject({ kind: 'cancelled' });
    expect(cw.commandCalls(StartQueryCommand)).toHaveLength(0);
  });
});

describe('quotas', () => {
  it('LimitExceeded (the account quota is in use) waits and retries instead of failing', async () => {
    cw.on(StartQueryCommand)
      .rejectsOnce(new LimitExceededException({ message: 'too many concurrent queries', ...meta }))
      .rejectsOnce(new ThrottlingException({ message: 'Rate exceeded', ...meta }))
      .resolves({ queryId: 'q-9' });
    cw.on(GetQueryResultsCommand).resolves({ status: 'Complete', results: [cells({ 'count(*)': '5' })] });
    const waits: QueryWait[] = [];
    const result = await insights().query(ast('stats count(*)'), RANGE, [], { onQueued: (w) => waits.push(w) });
    expect(result.rows).toEqual([{ 'count(*)': 5 }]);
    expect(waits).toEqual([{ reason: 'account-quota', retryInMs: 10 }, { reason: 'account-quota', retryInMs: 20 }]);
    expect(cw.commandCalls(StartQueryCommand)).toHaveLength(3);
  });

  it('still refused at the deadline: a throttled (429) answer', async () => {
    cw.on(StartQueryCommand).rejects(new LimitExceededException({ message: 'too many', ...meta }));
    await expect(insights().query(ast('stats count(*)'), RANGE, [], { timeoutMs: 50 })).rejects.toMatchObject({ kind: 'throttled', retryAfterSeconds: 30, message: expect.stringMatching(/quota stayed in use/) });
  });

  it('never more than N StartQuery in flight; the rest wait in order and hear their position', async () => {
    let next = 0;
    let inFlight = 0;
    let peak = 0;
    const done = new Set<string>();
    cw.on(StartQueryCommand).callsFake(() => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      return { queryId: `q-${next++}` };
    });
    cw.on(GetQueryResultsCommand).callsFake(({ queryId }: { queryId: string }) => {
      // Each query runs for a few polls, so they overlap.
      if (!done.has(queryId)) {
        done.add(queryId);
        return { status: 'Running' };
      }
      inFlight--;
      return { status: 'Complete', results: [cells({ id: queryId })] };
    });
    const positions: number[][] = Array.from({ length: 6 }, () => []);
    const engine = insights({ maxConcurrent: 2 });
    const results = await Promise.all(
      positions.map((seen) => engine.query(ast('fields id'), RANGE, [], { onQueued: (w) => w.reason === 'console-queue' && seen.push(w.position) })),
    );
    expect(peak).toBe(2);
    expect(results.map((r) => r.rows[0].id)).toEqual(['q-0', 'q-1', 'q-2', 'q-3', 'q-4', 'q-5']);
    expect(positions).toEqual([[], [], [1], [2, 1], [3, 2, 1], [4, 3, 2, 1]]);
  });
});

describe('requests and errors', () => {
  it('sends whole seconds covering the ms range and trims to the exact ms in the query', async () => {
    cw.on(GetQueryResultsCommand).resolves({ status: 'Complete', results: [] });
    await insights().query(ast('stats count(*)'), RANGE, ['web']);
    expect(cw.commandCalls(StartQueryCommand)[0].args[0].input).toEqual({
      startTime: 1_700_000_000, endTime: 1_700_003_601, logGroupNames: ['/logline/web'],
      queryString: 'filter toMillis(@timestamp) >= 1700000000250 and toMillis(@timestamp) <= 1700003600750\n| stats count(*)',
    });
  });

  it('sources without a log group: nothing to read, nothing billed', async () => {
    const result = await insights().query(ast('stats count(*) by route'), RANGE, ['nope']);
    expect(result).toEqual({ fields: ['route', 'count(*)'], rows: [], statistics: { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0, estimatedCostUsd: 0 } });
    expect(cw.commandCalls(StartQueryCommand)).toHaveLength(0);
  });

  it('a compile error from CloudWatch is a 400 at the user\'s command', async () => {
    const text = 'filter level = "error"\n| stats count(*) by route';
    cw.on(StartQueryCommand).callsFake(({ queryString }: { queryString: string }) => {
      const at = queryString.indexOf('stats');
      throw new MalformedQueryException({ message: 'bad', queryCompileError: { location: { startCharOffset: at, endCharOffset: at + 5 }, message: 'unexpected symbol' }, ...meta });
    });
    const q = ast(text);
    await expect(insights().query(q, RANGE)).rejects.toMatchObject({ kind: 'invalid', span: q.commands[1].span, message: expect.stringMatching(/unexpected symbol/) });
  });

  it('a log group deleted since the list was read: the list is refreshed and the query retried once', async () => {
    cw.on(DescribeLogGroupsCommand).resolvesOnce(groups('api', 'gone')).resolves(groups('api'));
    cw.on(StartQueryCommand).rejectsOnce(new ResourceNotFoundException({ message: 'Log group does not exist', ...meta })).resolves({ queryId: 'q-2' });
    cw.on(GetQueryResultsCommand).resolves({ status: 'Complete', results: [] });
    await insights().query(ast('stats count(*)'), RANGE);
    expect(cw.commandCalls(StartQueryCommand).map((c) => c.args[0].input.logGroupNames)).toEqual([['/logline/api', '/logline/gone'], ['/logline/api']]);
  });

  it('more than 50 groups under the prefix: one SOURCE by prefix', async () => {
    cw.on(DescribeLogGroupsCommand).resolves(groups(...Array.from({ length: 51 }, (_, i) => `s${i}`)));
    cw.on(GetQueryResultsCommand).resolves({ status: 'Complete', results: [] });
    await insights().query(ast('stats count(*)'), RANGE);
    const input = cw.commandCalls(StartQueryCommand)[0].args[0].input;
    expect(input.logGroupNames).toBeUndefined();
    expect(input.queryString).toMatch(/^SOURCE logGroups\(namePrefix: \['\/logline\/'\]\)/);
  });
});
