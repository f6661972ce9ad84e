import { CloudWatchLogsClient, DescribeLogStreamsCommand, GetLogGroupFieldsCommand, ResourceNotFoundException } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { discoverFields, FIELD_WINDOW_MS, fieldWindowCentre, toStoredEvent } from './insights-discovery';
import { storedBytesInRange, type LogGroupInfo } from './log-group-catalog';

/** moto 5.2.1 does not implement GetLogGroupFields: these run at the SDK boundary. */
const cw = mockClient(CloudWatchLogsClient);
const client = new CloudWatchLogsClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
const group = (source: string, storedBytes: number, extra: Partial<LogGroupInfo> = {}): LogGroupInfo => ({ name: `/logline/${source}`, source, storedBytes, creationTime: 0, ...extra });
const NOW = Date.UTC(2026, 0, 10, 12);
const DAY = 86_400_000;

beforeEach(() => cw.reset());

describe('fields in AWS mode (GetLogGroupFields: no Insights query, nothing billed per GB)', () => {
  it('asks each group about the 16 minutes at the end of the range and weighs groups by their size', async () => {
    cw.on(GetLogGroupFieldsCommand, { logGroupName: '/logline/api' }).resolves({ logGroupFields: [{ name: '@message', percent: 100 }, { name: 'status', percent: 100 }, { name: 'level', percent: 50 }] });
    cw.on(GetLogGroupFieldsCommand, { logGroupName: '/logline/web' }).resolves({ logGroupFields: [{ name: '@message', percent: 100 }, { name: 'level', percent: 100 }] });
    const range = { start: NOW - DAY, end: NOW };
    const result = await discoverFields(client, [group('web', 1000), group('api', 3000)], range, {}, NOW);
    expect(cw.commandCalls(GetLogGroupFieldsCommand).map((c) => c.args[0].input)).toEqual([
      { logGroupName: '/logline/api', time: Math.floor((NOW - FIELD_WINDOW_MS) / 1000) },
      { logGroupName: '/logline/web', time: Math.floor((NOW - FIELD_WINDOW_MS) / 1000) },
    ]);
    expect(result.fields).toEqual([
      { name: '@message', type: 'string', count: 0, frequency: 1 },
      { name: 'status', type: 'number', count: 0, frequency: 0.75 },
      { name: 'level', type: 'string', count: 0, frequency: 0.625 },
    ]);
    expect(result).toMatchObject({ sampled: true, window: { start: NOW - 2 * FIELD_WINDOW_MS, end: NOW } });
  });

  it('an empty window: looks where each group last received events, if that is in the range', async () => {
    const last = NOW - 3 * 3_600_000;
    cw.on(GetLogGroupFieldsCommand).resolves({ logGroupFields: [] });
    cw.on(GetLogGroupFieldsCommand, { logGroupName: '/logline/batch', time: Math.floor((last - FIELD_WINDOW_MS) / 1000) }).resolves({ logGroupFields: [{ name: 'job', percent: 80 }] });
    cw.on(DescribeLogStreamsCommand).resolves({ logStreams: [{ logStreamName: 'nightly', lastEventTimestamp: last }] });
    const result = await discoverFields(client, [group('batch', 10)], { start: NOW - DAY, end: NOW }, {}, NOW);
    expect(result.fields).toEqual([{ name: 'job', type: 'mixed', count: 0, frequency: 0.8 }]);
    expect(cw.commandCalls(DescribeLogStreamsCommand)[0].args[0].input).toMatchObject({ logGroupName: '/logline/batch', orderBy: 'LastEventTime', descending: true, limit: 1 });
  });

  it('a group that refuses leaves the others\' fields; every group refusing is the error', async () => {
    cw.on(GetLogGroupFieldsCommand, { logGroupName: '/logline/api' }).resolves({ logGroupFields: [{ name: 'route', percent: 90 }] });
    cw.on(GetLogGroupFieldsCommand, { logGroupName: '/logline/gone' }).rejects(new ResourceNotFoundException({ message: 'gone', $metadata: {} }));
    const range = { start: NOW - DAY, end: NOW };
    expect((await discoverFields(client, [group('api', 10), group('gone', 10)], range, {}, NOW)).fields.map((f) => f.name)).toEqual(['route']);
    await expect(discoverFields(client, [group('gone', 10)], range, {}, NOW)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('centres the window inside short ranges and never in the future', () => {
    expect(fieldWindowCentre({ start: NOW - 10 * 60_000, end: NOW }, NOW)).toBe(NOW - 5 * 60_000);
    expect(fieldWindowCentre({ start: NOW - DAY, end: NOW + DAY }, NOW)).toBe(NOW - FIELD_WINDOW_MS);
  });
});

describe('scan estimates before a run (free: stored bytes from DescribeLogGroups)', () => {
  it('spreads each group\'s stored bytes over its life (or retention) and takes the part in range', () => {
    const groups = [group('api', 30 * 1000, { creationTime: NOW - 30 * DAY }), group('web', 7 * 1000, { creationTime: NOW - 400 * DAY, retentionDays: 7 })];
    expect(storedBytesInRange(groups, { start: NOW - DAY, end: NOW }, NOW)).toBe(1000 + 1000);
    expect(storedBytesInRange(groups, { start: NOW - 60 * DAY, end: NOW - 31 * DAY }, NOW)).toBe(0);
    expect(storedBytesInRange(groups, { start: NOW - 365 * DAY, end: NOW }, NOW)).toBe(37_000);
  });
});

describe('latest events', () => {
  it('a result row becomes a stored event with the fields of its JSON message', () => {
    const e = toStoredEvent({ '@timestamp': '2026-01-10 12:00:00.123', '@ingestionTime': '2026-01-10 12:00:01.000', '@log': 'api', '@logStream': 's', '@message': '{"level":"warn","user_id":7,"@fingerprint":"ab12"}' });
    expect(e).toEqual({ timestamp: NOW + 123, ingestionTime: NOW + 1000, log: 'api', logStream: 's', message: '{"level":"warn","user_id":7,"@fingerprint":"ab12"}', fingerprint: 'ab12', fields: { level: 'warn', 'user.id': '7' } });
  });
});
