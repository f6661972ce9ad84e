import { CloudWatchLogsClient, DeleteLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toLogEvent, type LogEvent } from '@/lib/events';
import { parse, type Query } from '@/lib/query';
import { startMoto, uniqueName, type RunningMoto } from '../../test-support/moto';
import { PutLogEventsWriter } from '../../test-support/put-log-events';
import { CloudWatchBackend } from './backend';
import { CloudWatchInsights } from './insights';

/**
 * The happy path against moto_server (5.2.1): StartQuery answers Complete at once, its query
 * parser knows only `fields` (system fields), `sort` and `limit`, it returns no statistics and
 * ignores `filter`. What moto cannot produce (Running, Failed, quotas…) is in insights.test.ts.
 */
let moto: RunningMoto;
let client: CloudWatchLogsClient;
let prefix: string;
let backend: CloudWatchBackend;
// Recent enough for PutLogEvents (at most 14 days old), on a whole minute.
const T0 = Math.floor((Date.now() - 2 * 3_600_000) / 60_000) * 60_000;
const at = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 23);

function ast(text: string): Query {
  const r = parse(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.query;
}

function event(source: string, at: number, fields: Record<string, unknown>): LogEvent {
  const r = toLogEvent({ ...fields, timestamp: at }, { source, stream: `${source}-1`, receivedAt: T0 });
  if (!r.ok) throw new Error(r.error);
  return r.event;
}

function makeBackend(c: CloudWatchLogsClient, where: string): CloudWatchBackend {
  const insights = new CloudWatchInsights(c, { logGroupPrefix: prefix, maxConcurrent: 2, pricePerGb: 0.005, where, pollDelaysMs: [20] });
  return new CloudWatchBackend(insights, c, new PutLogEventsWriter(c, prefix), where);
}

beforeAll(async () => {
  moto = await startMoto();
  client = new CloudWatchLogsClient(moto.client);
  prefix = `/${uniqueName('logline')}/`;
  backend = makeBackend(client, moto.endpoint);
  await backend.append([
    event('api', T0 + 1_000, { level: 'info', message: 'GET /a 200', status: 200, userId: 42 }),
    event('api', T0 + 2_000, { level: 'error', message: 'GET /b 500', status: 500, order: { total: 19.5 } }),
    event('web', T0 + 3_000, { level: 'warn', message: 'slow render', feature: 'gradebook' }),
    event('web', T0 - 3_600_000, { level: 'info', message: 'an hour earlier' }),
  ]);
});
afterAll(async () => {
  client?.destroy();
  await moto?.stop();
});

describe('Logs Insights against moto', () => {
  it('lists the sources from the log groups under the prefix', async () => {
    expect(await backend.sources()).toEqual(['api', 'web']);
  });

  it('runs over every group, newest first, shaped like a local result', async () => {
    const result = await backend.query(ast('fields @timestamp, @log, @message | sort @timestamp desc | limit 2'), { start: T0, end: T0 + 60_000 });
    expect(result.fields).toEqual(['@timestamp', '@log', '@message']);
    expect(result.rows.map((r) => [r['@timestamp'], r['@log']])).toEqual([[at(T0 + 3_000), 'web'], [at(T0 + 2_000), 'api']]);
    expect(JSON.parse(String(result.rows[1]['@message']))).toMatchObject({ level: 'error', status: 500, 'order.total': 19.5 });
    // moto reports no statistics: zero bytes, zero cost (real figures are mapped in insights-result.test.ts).
    expect(result.statistics).toEqual({ recordsMatched: 0, recordsScanned: 0, bytesScanned: 0, estimatedCostUsd: 0 });
  });

  it('reads only the chosen sources and the time range', async () => {
    const web = await backend.query(ast('fields @timestamp, @message | sort @timestamp asc'), { start: T0 - 7_200_000, end: T0 + 60_000 }, ['web']);
    expect(web.rows.map((r) => r['@timestamp'])).toEqual([at(T0 - 3_600_000), at(T0 + 3_000)]);
    // Whole seconds: moto applies StartQuery's seconds but ignores `filter`, so the millisecond
    // trim (insights-request.ts) is checked at the SDK boundary instead (insights.test.ts).
    const recent = await backend.query(ast('fields @timestamp | sort @timestamp asc'), { start: T0 + 2_000, end: T0 + 3_000 }, ['api']);
    expect(recent.rows).toEqual([{ '@timestamp': at(T0 + 2_000) }]);
  });

  it('whole events carry their stream and the fields of their message, for the details panel', async () => {
    const result = await backend.query(ast('sort @timestamp desc | limit 1'), { start: T0, end: T0 + 60_000 }, ['api']);
    expect(result.fields).toEqual(['@timestamp', '@message']);
    expect(result.rows[0]).toMatchObject({ '@timestamp': at(T0 + 2_000), '@log': 'api', '@logStream': 'api-1', level: 'error', status: 500, 'order.total': 19.5 });
  });

  it('a source with no log group is an empty result, without a query', async () => {
    expect((await backend.query(ast('fields @timestamp'), { start: T0, end: T0 + 60_000 }, ['nope'])).rows).toEqual([]);
  });

  it('estimates from stored bytes and reports health', async () => {
    const estimate = await backend.estimate({ start: 0, end: Date.now() });
    expect(estimate).toMatchObject({ logGroups: 2, pricePerGb: 0.005 });
    expect(estimate.storedBytes).toBeGreaterThan(0);
    expect(await backend.health()).toEqual({ cloudwatch: { reachable: true, where: moto.endpoint, logGroups: 2, storedBytes: expect.any(Number) } });
  });

  it('a log group deleted after the list was read: refreshed and retried, not an error', async () => {
    const mine = makeBackend(client, moto.endpoint);
    await mine.append([event('gone', T0 + 4_000, { level: 'info', message: 'soon deleted' })]);
    expect(await mine.sources()).toEqual(['api', 'gone', 'web']);
    await client.send(new DeleteLogGroupCommand({ logGroupName: `${prefix}gone` }));
    const result = await mine.query(ast('fields @timestamp, @log | sort @timestamp desc'), { start: T0, end: T0 + 60_000 });
    expect(result.rows.map((r) => r['@log'])).toEqual(['web', 'api', 'api']);
  });
});

describe('CloudWatch unreachable', () => {
  it('a query fails with 503-style "unavailable" saying where, and health says so without throwing', async () => {
    const down = new CloudWatchLogsClient({ ...moto.client, endpoint: 'http://127.0.0.1:9', maxAttempts: 1 });
    const offline = makeBackend(down, 'http://127.0.0.1:9');
    await expect(offline.query(ast('fields @timestamp'), { start: T0, end: T0 + 1000 })).rejects.toMatchObject({
      kind: 'unavailable', retryAfterSeconds: 10, message: expect.stringMatching(/unreachable at http:\/\/127\.0\.0\.1:9/),
    });
    expect(await offline.health()).toMatchObject({ cloudwatch: { reachable: false, error: expect.stringMatching(/unreachable/) } });
    down.destroy();
  });
});
