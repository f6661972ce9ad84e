// Conformance cases: the query-syntax, parse and stats pages (samples 28–65 of insights-samples.txt).
import { expect } from 'vitest';
import { column, ts, tuples, type SampleCase } from './conformance-types';
import { MIN } from './testing';

const f123 = [
  { at: 1, body: { f1: 'NullPointerException', f2: 'a', f3: 'Exit' } },
  { at: 2, body: { f1: 'exception', f2: 'b', f3: 'x' } },
  { at: 3, body: { f1: 'ok', f2: 'c' } },
];
const doc = '25 May 2019 10:24:39,474 [ERROR] {foo=2, bar=data} The error was: DataIntegrityException';

export const CASES_2: SampleCase[] = [
  { find: '| filter f1 like "Exception"', events: f123, check: (r) => expect(r.rows).toEqual([{ f1: 'NullPointerException', f2: 'a', f3: 'Exit' }]) },
  { find: '| filter f1 like /Exception/', events: f123, check: (r) => expect(column(r, 'f1')).toEqual(['NullPointerException']) },
  // /E*/ also matches the empty string: every event that has f3.
  { find: '| filter f3 like /E*/', events: f123, check: (r) => expect(column(r, 'f3')).toEqual(['x', 'Exit']) },
  { find: '| filter f1 not like "Exception"', events: f123, check: (r) => expect(column(r, 'f1')).toEqual(['ok', 'exception']) },
  {
    find: 'fields `foo-bar`, action, abs(f3-f4)',
    events: [{ at: 1, body: { 'foo-bar': 'fb', action: 'ACCEPT', f3: 2, f4: 7 } }],
    check: (r) => expect(r.rows).toEqual([{ 'foo-bar': 'fb', action: 'ACCEPT', 'abs(f3 - f4)': 5 }]),
  },
  {
    find: "fields concat(Operation, '-', StatusCode) as opStatus",
    events: [{ at: 1, body: { Operation: 'PutItem', StatusCode: 200 } }],
    check: (r) => expect(r.rows).toEqual([{ opStatus: 'PutItem-200' }]),
  },
  {
    find: 'filter (duration>2000)',
    events: [{ at: 1, body: { duration: 2500 } }, { at: 2, body: { duration: 100 } }],
    check: (r, b) => {
      expect(r.fields).toEqual(['@timestamp', '@message']);
      expect(tuples(r, '@timestamp', '@message')).toEqual([[ts(b + 1), '{"duration":2500}']]);
    },
  },
  {
    find: 'fields f1, f2 | filter (f1=10 or f3>25)',
    events: [{ at: 1, body: { f1: 10, f2: 'a' } }, { at: 2, body: { f1: 1, f2: 'b', f3: 30 } }, { at: 3, body: { f1: 1, f2: 'c', f3: 3 } }],
    check: (r) => expect(r.rows).toEqual([{ f1: 1, f2: 'b' }, { f1: 10, f2: 'a' }]),
  },
  {
    find: 'filter statusCode not like /2\\d\\d/',
    events: [{ at: 1, body: { f1: 'a', statusCode: 200 } }, { at: 2, body: { f1: 'b', statusCode: 404 } }, { at: 3, body: { f1: 'c', statusCode: 503 } }],
    check: (r) => expect(column(r, 'f1')).toEqual(['c', 'b']),
  },
  {
    find: 'filter statusCode in [300,400,500]',
    events: [{ at: 1, body: { statusCode: 300 } }, { at: 2, body: { statusCode: 404 } }, { at: 3, body: { statusCode: 500 } }],
    check: (r, b) => expect(column(r, '@timestamp')).toEqual([ts(b + 3), ts(b + 1)]),
  },
  {
    find: 'stats avg (f1) by f2',
    events: [{ at: 1, body: { f1: 1, f2: 'a' } }, { at: 2, body: { f1: 3, f2: 'a' } }, { at: 3, body: { f1: 10, f2: 'b' } }],
    check: (r) => expect(tuples(r, 'f2', 'avg(f1)')).toEqual([['a', 2], ['b', 10]]),
  },
  {
    find: 'fields f1, f2, f3 | sort f1 desc',
    events: [{ at: 1, body: { f1: 2, f2: 'x' } }, { at: 2, body: { f1: 10, f2: 'y', f3: 1 } }, { at: 3, body: { f1: 7 } }],
    check: (r) => expect(tuples(r, 'f1', 'f2', 'f3')).toEqual([[10, 'y', 1], [7, null, null], [2, 'x', null]]),
  },
  {
    find: 'parse @message "[*] * The error was: *" as level, config, exception',
    events: [{ at: 1, body: doc }],
    check: (r) => {
      expect(r.fields).toEqual(['@timestamp', '@message', 'level', 'config', 'exception']);
      expect(r.rows[0]).toMatchObject({ level: 'ERROR', config: '{foo=2, bar=data}', exception: 'DataIntegrityException' });
    },
  },
  {
    find: 'parse @message /\\[(?<level>\\S+)\\]\\s+(?<config>\\{.*\\})\\s+The error was: (?<exception>\\S+)/',
    events: [{ at: 1, body: doc }],
    check: (r) => expect(r.rows[0]).toMatchObject({ level: 'ERROR', config: '{foo=2, bar=data}', exception: 'DataIntegrityException' }),
  },
  {
    find: 'fields abs(myField) as AbsoluteValuemyField, myField2',
    events: [{ at: 1, body: { myField: -4, myField2: 'z' } }],
    check: (r) => expect(r.rows).toEqual([{ AbsoluteValuemyField: 4, myField2: 'z' }]),
  },
  {
    find: 'stats avg(f1) as myAvgF1 | sort myAvgF1 desc',
    events: [{ at: 1, body: { f1: 1 } }, { at: 2, body: { f1: 2 } }],
    check: (r) => expect(r.rows).toEqual([{ myAvgF1: 1.5 }]),
  },
  {
    find: 'fields @timestamp, @message, accountId as ID',
    events: [{ at: 1, body: { accountId: '123' } }, { at: 2, body: 'text only' }],
    check: (r, b) => expect(r.rows).toEqual([{ '@timestamp': ts(b + 2), '@message': 'text only', ID: null },
      { '@timestamp': ts(b + 1), '@message': '{"accountId":"123"}', ID: '123' }]),
  },
  {
    find: 'stats count(*) by duration as time',
    events: [{ at: 1, body: { duration: 5 } }, { at: 2, body: { duration: 5 } }, { at: 3, body: { duration: 3 } }],
    check: (r) => expect(tuples(r, 'time', 'count(*)')).toEqual([[5, 2], [3, 1]]),
  },
  {
    find: 'filter @`aws.tag.aws:cloudformation:stack-name` = "my-stack"',
    events: [{ at: 1, body: { '@aws.tag.aws:cloudformation:stack-name': 'my-stack', n: 1 } }, { at: 2, body: { '@aws.tag.aws:cloudformation:stack-name': 'other' } }],
    check: (r) => expect(r.rows.map((x) => x.n)).toEqual([1]),
  },
  {
    find: 'stats avg(myfield1) by bin(5m)',
    events: [{ at: 1, body: { myfield1: 2 } }, { at: 2, body: { myfield1: 4 } }, { at: 5 * MIN, body: { myfield1: 10 } }],
    check: (r, b) => expect(tuples(r, 'bin(5m)', 'avg(myfield1)')).toEqual([[ts(b), 3], [ts(b + 5 * MIN), 10]]),
  },
  {
    find: 'stats avg(bytes) by dstAddr',
    events: [{ at: 1, body: { bytes: 10, dstAddr: 'a' } }, { at: 2, body: { bytes: 30, dstAddr: 'a' } }, { at: 3, body: { bytes: 5, dstAddr: 'b' } }],
    check: (r) => expect(tuples(r, 'dstAddr', 'avg(bytes)')).toEqual([['a', 20], ['b', 5]]),
  },
  {
    find: 'stats avg(bytes), max(bytes) by dstAddr',
    events: [{ at: 1, body: { bytes: 10, dstAddr: 'a' } }, { at: 2, body: { bytes: 30, dstAddr: 'a' } }],
    check: (r) => expect(r.rows).toEqual([{ dstAddr: 'a', 'avg(bytes)': 20, 'max(bytes)': 30 }]),
  },
  {
    find: 'STATS sum(message_length)/1024/1024 as logs_mb BY bin(5m)',
    events: [
      { at: 1, body: 'x'.repeat(1024 * 100) }, { at: 2, body: 'x'.repeat(1024 * 100) },
      { at: 5 * MIN, body: 'x'.repeat(1024 * 50) }, { at: 10 * MIN, body: 'x'.repeat(1024 * 150) },
    ],
    // Per 5-minute bin: 200, 50 and 150 KiB.
    check: (r) => {
      expect(r.rows.length).toBe(1);
      expect(r.rows[0].peak_ingest_mb).toBeCloseTo(200 / 1024, 12);
      expect(r.rows[0].min_ingest_mb).toBeCloseTo(50 / 1024, 12);
      expect(r.rows[0].avg_ingest_mb).toBeCloseTo(400 / 3 / 1024, 12);
    },
  },
  {
    find: '| FILTER session_ips > 1',
    events: [
      { at: 1, body: { session_id: 's1', client_platform: 'ios', client_ip: '1' } }, { at: 2, body: { session_id: 's1', client_platform: 'ios', client_ip: '2' } },
      { at: 3, body: { session_id: 's1', client_platform: 'ios', client_ip: '2' } }, { at: 4, body: { session_id: 's2', client_platform: 'ios', client_ip: '3' } },
      { at: 5, body: { session_id: 's3', client_platform: 'web', client_ip: '4' } }, { at: 6, body: { session_id: 's3', client_platform: 'web', client_ip: '5' } },
      { at: 7, body: { session_id: 's4', client_platform: 'ios', client_ip: '6' } }, { at: 8, body: { session_id: 's4', client_platform: 'ios', client_ip: '7' } },
    ],
    check: (r) => expect(tuples(r, 'client_platform', 'multiple_ip_sessions', 'avg_session_requests')).toEqual([['ios', 2, 2.5], ['web', 1, 2]]),
  },
  {
    find: '# Invalid reference to @message',
    invalid: /@message is not available here: after stats, only the fields stats defines can be used/,
  },
  {
    find: 'STATS sum(x) as sum_x by y, z\n| STATS max(sum_x) as max_x by z',
    events: [
      { at: 1, body: { x: 1, y: 'a', z: 'p' } }, { at: 2, body: { x: 2, y: 'a', z: 'p' } }, { at: 3, body: { x: 10, y: 'b', z: 'p' } },
      { at: 4, body: { x: 4, y: 'a', z: 'q' } },
    ],
    check: (r) => expect(tuples(r, 'z', 'max_x')).toEqual([['p', 10], ['q', 4]]),
  },
  {
    find: 'STATS avg(ingested_bytes) BY dateceil(@t, 5m)',
    events: [
      { at: 1 * MIN, body: 'aaaa', stream: 's1' }, { at: 2 * MIN, body: 'bb', stream: 's1' },
      { at: 3 * MIN, body: 'cccccc', stream: 's2' }, { at: 7 * MIN, body: 'dddddddd', stream: 's3' },
    ],
    check: (r, b) => expect(tuples(r, 'dateceil(@t, 5m)', 'avg(ingested_bytes)')).toEqual([[ts(b + 5 * MIN), 6], [ts(b + 10 * MIN), 8]]),
  },
  {
    find: 'fields @message | limit any 1',
    events: [{ at: 1, body: 'a' }, { at: 2, body: 'b' }, { at: 3, body: 'c' }],
    check: (r) => expect(r.rows.length).toBe(1),
  },
  {
    find: `parse @message "'fieldsA': '*', 'fieldsB': ['*']" as fld, array`,
    events: [{ at: 1, body: "{'fieldsA': 'logs', 'fieldsB': ['a1', 'a2']}" }],
    check: (r) => expect(r.rows[0]).toMatchObject({ fld: 'logs', array: "a1', 'a2" }),
  },
  {
    find: 'parse @message /(?<NetworkInterface>eni-.*?) / | display NetworkInterface, @message',
    events: [{ at: 1, body: '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK' }],
    check: (r) => expect(r.rows[0]).toMatchObject({ NetworkInterface: 'eni-1235b8ca123456789' }),
  },
  {
    find: 'parse @logStream "*/*/*/*" as env, service, instance, shard',
    events: [{ at: 1, body: 'a', stream: 'prod/api/i-1/0' }, { at: 2, body: 'b', stream: 'prod/api/i-2/1' }, { at: 3, body: 'c', stream: 'dev/web/i-3/0' }],
    check: (r) => expect(tuples(r, 'env', 'service', 'count(*)')).toEqual([['dev', 'web', 1], ['prod', 'api', 2]]),
  },
  {
    find: 'parse url "/api/*/users/*" as apiVersion, userId',
    events: [{ at: 1, body: 'GET url=/api/v2/users/42' }],
    check: (r) => expect(r.rows).toEqual([{ apiVersion: 'v2', userId: '42' }]),
  },
  {
    find: 'parse userAgent "Mozilla/* (*) */*" as version, os, engine, engineVersion',
    events: [
      { at: 1, body: { userAgent: 'Mozilla/5.0 (Windows NT 10.0) Gecko/20100101' } }, { at: 2, body: { userAgent: 'Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36' } },
      { at: 3, body: { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101' } },
    ],
    check: (r) => expect(tuples(r, 'os', 'count(*)')).toEqual([['Windows NT 10.0', 2], ['X11; Linux x86_64', 1]]),
  },
  {
    find: 'parse requestUri /\\/api\\/(?<version>v\\d+)\\/(?<resource>[^\\/]+)/',
    events: [{ at: 1, body: { requestUri: '/api/v1/users/3' } }, { at: 2, body: { requestUri: '/api/v1/users' } }, { at: 3, body: { requestUri: '/api/v2/orders/9' } }],
    check: (r) => expect(tuples(r, 'version', 'resource', 'count(*)')).toEqual([['v1', 'users', 2], ['v2', 'orders', 1]]),
  },
  {
    find: '| display lf.msg, lf.duration',
    events: [{ at: 1, body: 'level=error msg="db down" duration=30ms' }, { at: 2, body: 'level=info msg=ok duration=1ms' }],
    check: (r) => expect(r.rows).toEqual([{ 'lf.msg': 'db down', 'lf.duration': '30ms' }]),
  },
  {
    find: '| stats count(*) by lf.host',
    events: [{ at: 1, body: 'host=a x=1' }, { at: 2, body: 'host=a' }, { at: 3, body: 'x=2 host=b' }],
    check: (r) => expect(tuples(r, 'lf.host', 'count(*)')).toEqual([['a', 2], ['b', 1]]),
  },
  {
    find: 'parse @message csv as host, method, path, status, duration',
    events: [{ at: 1, body: 'h1,GET,/a,200,10' }, { at: 2, body: 'h2,GET,/b,500,30' }, { at: 3, body: 'h1,POST,"/c,d",201,7' }],
    check: (r) => expect(tuples(r, 'method', 'avg(duration)')).toEqual([['GET', 20], ['POST', 7]]),
  },
  {
    find: '| json field=payload "user.name" as username',
    events: [{ at: 1, body: 'request done {"user":{"name":"bob"}}' }, { at: 2, body: 'no payload' }],
    check: (r) => expect(column(r, 'username')).toEqual([null, 'bob']),
  },
];

