// Conformance cases for the samples of the examples page (samples 0–27 of insights-samples.txt).
import { expect } from 'vitest';
import { column, ts, tuples, type SampleCase } from './conformance-types';
import { HOUR, MIN } from './testing';

const vpc = (at: number, srcAddr: string, dstAddr: string, bytes: number, protocol = 6, more: Record<string, unknown> = {}) =>
  ({ at, body: { srcAddr, dstAddr, bytes, protocol, ...more }, source: 'vpc' });

export const CASES_1: SampleCase[] = [
  {
    find: 'fields @timestamp, @message | sort @timestamp desc | limit 25',
    events: Array.from({ length: 30 }, (_, i) => ({ at: i * MIN, body: `line ${i}` })),
    check: (r, b) => {
      expect(r.rows.length).toBe(25);
      expect(column(r, '@timestamp')[0]).toBe(ts(b + 29 * MIN));
      expect(column(r, '@message').slice(0, 2)).toEqual(['line 29', 'line 28']);
    },
  },
  {
    find: 'stats count(*) as exceptionCount by bin(1h)',
    events: [
      { at: 1 * MIN, body: 'java.lang.NullPointerException at Foo' }, { at: 2 * MIN, body: 'IOException: closed' },
      { at: 3 * MIN, body: 'all good' }, { at: HOUR + 1, body: 'Exception a' }, { at: HOUR + 2, body: 'Exception b' },
      { at: HOUR + 3, body: 'Exception c' }, { at: 2 * HOUR, body: 'lowercase exception does not count' },
    ],
    check: (r, b) => expect(tuples(r, 'bin(1h)', 'exceptionCount')).toEqual([[ts(b + HOUR), 3], [ts(b), 2]]),
  },
  {
    find: '| sort @timestamp asc\n| dedup server',
    events: [
      { at: 1000, body: { server: 'A', severity: 'INFO', message: 'a1' } }, { at: 2000, body: { server: 'A', severity: 'ERROR', message: 'a2' } },
      { at: 3000, body: { server: 'B', severity: 'INFO', message: 'b1' } }, { at: 4000, body: { server: 'B', severity: 'INFO', message: 'b2' } },
    ],
    // As written (asc), the oldest event per server is kept.
    check: (r) => expect(tuples(r, 'server', 'severity', 'message')).toEqual([['A', 'info', 'a1'], ['B', 'info', 'b1']]),
  },
  {
    find: '| dedup server, severity',
    events: [
      { at: 1000, body: { server: 'A', severity: 'INFO', message: 'a1' } }, { at: 2000, body: { server: 'A', severity: 'ERROR', message: 'a2' } },
      { at: 3000, body: { server: 'A', severity: 'INFO', message: 'a3' } }, { at: 4000, body: { server: 'B', severity: 'INFO', message: 'b1' } },
    ],
    check: (r) => expect(tuples(r, 'server', 'severity', 'message')).toEqual([['B', 'info', 'b1'], ['A', 'info', 'a3'], ['A', 'error', 'a2']]),
  },
  {
    find: 'stats avg(@duration), max(@duration), min(@duration) by bin(5m)',
    events: [
      { at: 1 * MIN, body: { '@type': 'REPORT', '@duration': 100 } }, { at: 2 * MIN, body: { '@type': 'REPORT', '@duration': 300 } },
      { at: 3 * MIN, body: { '@type': 'START', '@duration': 9999 } }, { at: 6 * MIN, body: { '@type': 'REPORT', '@duration': 50 } },
    ],
    check: (r, b) => expect(tuples(r, 'bin(5m)', 'avg(@duration)', 'max(@duration)', 'min(@duration)'))
      .toEqual([[ts(b), 200, 300, 100], [ts(b + 5 * MIN), 50, 50, 50]]),
  },
  {
    find: 'dedup @requestId\n| limit 20',
    events: [
      { at: 1000, body: { '@type': 'REPORT', '@duration': 1500, '@requestId': 'r1' }, stream: 's1' },
      { at: 2000, body: { '@type': 'REPORT', '@duration': 1600, '@requestId': 'r1' }, stream: 's1' },
      { at: 3000, body: { '@type': 'REPORT', '@duration': 500, '@requestId': 'r2' } },
      { at: 4000, body: { '@type': 'START', '@duration': 5000, '@requestId': 'r3' } },
      { at: 5000, body: { '@type': 'REPORT', '@duration': 2000, '@requestId': 'r4' } },
    ],
    check: (r, b) => {
      expect(r.fields).toEqual(['@timestamp', '@requestId', '@message', '@logStream']);
      expect(tuples(r, '@requestId', '@timestamp', '@logStream')).toEqual([['r4', ts(b + 5000), 'default'], ['r1', ts(b + 2000), 's1']]);
    },
  },
  {
    find: 'filter isIpv4InSubnet(srcAddr, "192.0.2.0/24")',
    events: [vpc(1, '192.0.2.1', '10.0.0.1', 100), vpc(2, '192.0.2.200', '10.0.0.1', 50), vpc(3, '192.0.2.7', '10.0.0.2', 500),
      vpc(4, '192.0.3.1', '10.0.0.3', 9999)],
    check: (r) => expect(tuples(r, 'dstAddr', 'bytesTransferred')).toEqual([['10.0.0.2', 500], ['10.0.0.1', 150]]),
  },
  {
    find: 'filter protocol=17 | stats count(*) by srcAddr',
    events: [vpc(1, '1.1.1.1', 'x', 1, 17), vpc(2, '1.1.1.1', 'x', 1, 17), vpc(3, '2.2.2.2', 'x', 1, 17), vpc(4, '3.3.3.3', 'x', 1, 6)],
    check: (r) => expect(new Set(tuples(r, 'srcAddr', 'count(*)').map((t) => t.join()))).toEqual(new Set(['1.1.1.1,2', '2.2.2.2,1'])),
  },
  {
    find: "filter logStream = 'vpc-flow-logs' and interfaceId = 'eni-0123456789abcdef0'",
    events: [
      vpc(1000, '10.0.0.1', '10.0.0.2', 10, 6, { srcPort: 443, dstPort: 5000, interfaceId: 'eni-0123456789abcdef0', logStream: 'vpc-flow-logs' }),
      vpc(2000, '10.0.0.1', '10.0.0.2', 20, 6, { srcPort: 443, dstPort: 5000, interfaceId: 'eni-0123456789abcdef0', logStream: 'vpc-flow-logs' }),
      vpc(3000, '10.0.0.1', '10.0.0.3', 30, 6, { srcPort: 443, dstPort: 5000, interfaceId: 'eni-0123456789abcdef0', logStream: 'vpc-flow-logs' }),
      vpc(4000, '10.0.0.1', '10.0.0.2', 40, 6, { srcPort: 443, dstPort: 5000, interfaceId: 'eni-other', logStream: 'vpc-flow-logs' }),
      vpc(5000, '10.0.0.1', '10.0.0.2', 50, 6, { srcPort: 443, dstPort: 5000, interfaceId: 'eni-0123456789abcdef0', logStream: 'other' }),
    ],
    // One record per connection, the newest: the stream came in as `logStream` and is @logStream now.
    check: (r) => expect(tuples(r, 'dstAddr', 'bytes')).toEqual([['10.0.0.3', 30], ['10.0.0.2', 20]]),
  },
  {
    find: 'stats count(*) by queryType, bin(1h)',
    events: [
      { at: 1, body: { queryType: 'A', queryName: 'x.com' } }, { at: 2, body: { queryType: 'A' } }, { at: 3, body: { queryType: 'AAAA' } },
      { at: HOUR + 1, body: { queryType: 'A' } },
    ],
    check: (r, b) => expect(tuples(r, 'queryType', 'bin(1h)', 'count(*)')).toEqual([['A', ts(b), 2], ['A', ts(b + HOUR), 1], ['AAAA', ts(b), 1]]),
  },
  {
    find: 'filter responseCode="SERVFAIL" | stats count(*) by queryName',
    events: [
      { at: 1, body: { responseCode: 'SERVFAIL', queryName: 'a.example.com' } }, { at: 2, body: { responseCode: 'SERVFAIL', queryName: 'a.example.com' } },
      { at: 3, body: { responseCode: 'NOERROR', queryName: 'b.example.com' } }, { at: 4, body: { responseCode: 'SERVFAIL', queryName: 'c.example.com' } },
    ],
    check: (r) => expect(tuples(r, 'queryName', 'count(*)')).toEqual([['a.example.com', 2], ['c.example.com', 1]]),
  },
  {
    find: 'stats count(*) by eventSource, eventName, awsRegion',
    events: [
      { at: 1, body: { eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances', awsRegion: 'us-east-1' } },
      { at: 2, body: { eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances', awsRegion: 'us-east-1' } },
      { at: 3, body: { eventSource: 'iam.amazonaws.com', eventName: 'CreateUser', awsRegion: 'us-east-1' } },
    ],
    check: (r) => expect(tuples(r, 'eventSource', 'eventName', 'awsRegion', 'count(*)')).toEqual([
      ['ec2.amazonaws.com', 'RunInstances', 'us-east-1', 2], ['iam.amazonaws.com', 'CreateUser', 'us-east-1', 1]]),
  },
  {
    find: 'fields awsRegion, requestParameters.userName, responseElements.user.arn',
    events: [
      { at: 1, body: { eventName: 'CreateUser', awsRegion: 'eu-west-1', requestParameters: { userName: 'ann' }, responseElements: { user: { arn: 'arn:aws:iam::1:user/ann' } } } },
      { at: 2, body: { eventName: 'DeleteUser', awsRegion: 'eu-west-1', requestParameters: { userName: 'bob' } } },
    ],
    check: (r) => expect(r.rows).toEqual([{ awsRegion: 'eu-west-1', 'requestParameters.userName': 'ann', 'responseElements.user.arn': 'arn:aws:iam::1:user/ann' }]),
  },
  {
    find: 'filter eventName="UpdateTrail" and ispresent(errorCode)',
    events: [
      { at: 1, body: { eventName: 'UpdateTrail', errorCode: 'AccessDenied', errorMessage: 'no' } },
      { at: 2, body: { eventName: 'UpdateTrail', errorCode: 'AccessDenied', errorMessage: 'no' } },
      { at: 3, body: { eventName: 'UpdateTrail' } }, { at: 4, body: { eventName: 'CreateTrail', errorCode: 'X', errorMessage: 'y' } },
    ],
    check: (r) => expect(tuples(r, 'errorCode', 'errorMessage', 'count(*)')).toEqual([['AccessDenied', 'no', 2]]),
  },
  {
    find: 'filter tlsDetails.tlsVersion in [ "TLSv1", "TLSv1.1" ]',
    events: [
      { at: 1, body: { eventSource: 's3', tlsDetails: { tlsVersion: 'TLSv1' } } }, { at: 2, body: { eventSource: 's3', tlsDetails: { tlsVersion: 'TLSv1.1' } } },
      { at: 3, body: { eventSource: 'ec2', tlsDetails: { tlsVersion: 'TLSv1' } } }, { at: 4, body: { eventSource: 'ec2', tlsDetails: { tlsVersion: 'TLSv1.2' } } },
    ],
    check: (r) => expect(tuples(r, 'eventSource', 'numOutdatedTlsCalls')).toEqual([['s3', 2], ['ec2', 1]]),
  },
  {
    find: 'filter status>=400 and status<=499',
    events: Array.from({ length: 14 }, (_, i) => ({ at: i * 1000, body: { status: i < 12 ? 400 + i : 500 + i, ip: `10.0.0.${i}`, path: `/p${i}`, httpMethod: 'GET' } })),
    check: (r, b) => {
      expect(r.rows.length).toBe(10);
      expect(r.rows[0]).toEqual({ '@timestamp': ts(b + 11_000), status: 411, ip: '10.0.0.11', path: '/p11', httpMethod: 'GET' });
      expect(column(r, 'status')).toEqual([411, 410, 409, 408, 407, 406, 405, 404, 403, 402]);
    },
  },
  {
    find: 'stats count(*) as requestCount by path',
    events: Array.from({ length: 12 }, (_, i) => Array.from({ length: i + 1 }, (_, j) => ({ at: i * 100 + j, body: { path: `/p${i}` } }))).flat(),
    check: (r) => {
      expect(r.rows.length).toBe(10);
      expect(tuples(r, 'path', 'requestCount').slice(0, 2)).toEqual([['/p11', 12], ['/p10', 11]]);
    },
  },
  {
    find: 'stats avg(integrationLatency), max(integrationLatency),',
    events: [
      { at: 1000, body: { status: 200, integrationLatency: 10 } }, { at: 2000, body: { status: 200, integrationLatency: 30 } },
      { at: 3000, body: { status: 500, integrationLatency: 999 } }, { at: MIN + 1, body: { status: 200, integrationLatency: 7 } },
    ],
    check: (r, b) => expect(tuples(r, 'bin(1m)', 'avg(integrationLatency)', 'max(integrationLatency)', 'min(integrationLatency)'))
      .toEqual([[ts(b), 20, 30, 10], [ts(b + MIN), 7, 7, 7]]),
  },
  {
    find: "(dstAddr like 'x.x.x.x' and srcAddr like 'y.y.') or",
    events: [vpc(1, 'y.y.1.1', 'x.x.x.x', 100), vpc(2, 'y.y.1.1', 'x.x.x.x', 50), vpc(3, 'xxx.xx.xx.xx', 'y.y.2.2', 70), vpc(4, 'z', 'x.x.x.x', 999)],
    check: (r) => expect(tuples(r, 'srcAddr', 'dstAddr', 'bytesTransferred')).toEqual([['y.y.1.1', 'x.x.x.x', 150], ['xxx.xx.xx.xx', 'y.y.2.2', 70]]),
  },
  {
    find: "filter (srcAddr like 'x.x.x.x' and dstAddr not like 'y.y.')",
    events: [vpc(1, 'x.x.x.x', '8.8.8.8', 10), vpc(2, 'x.x.x.x', '8.8.8.8', 5), vpc(3, 'x.x.x.x', '1.1.1.1', 40), vpc(4, 'x.x.x.x', 'y.y.0.1', 999)],
    check: (r) => expect(tuples(r, 'dstAddr', 'bytesTransferred')).toEqual([['1.1.1.1', 40], ['8.8.8.8', 15]]),
  },
  {
    find: 'filter filename="/var/www/html/admin"',
    events: [
      { at: 1, body: { remoteIP: '1.2.3.4', request: 'GET /admin', status: 200, filename: '/var/www/html/admin' } },
      { at: 2, body: { remoteIP: '1.2.3.5', request: 'GET /', status: 200, filename: '/var/www/html/index.html' } },
    ],
    check: (r, b) => expect(r.rows).toEqual([{ '@timestamp': ts(b + 1), remoteIP: '1.2.3.4', request: 'GET /admin', status: 200, filename: '/var/www/html/admin' }]),
  },
  {
    find: 'referrer= http://34.250.27.141/',
    fixed: (q) => q.replace('http://34.250.27.141/', '"http://34.250.27.141/"'),
    events: [
      { at: 1, body: { remoteIP: '1.1.1.1', method: 'GET', status: 200, referrer: 'http://34.250.27.141/' } },
      { at: 2, body: { remoteIP: '1.1.1.1', method: 'GET', status: 200, referrer: 'http://34.250.27.141/' } },
      { at: 3, body: { remoteIP: '2.2.2.2', method: 'GET', status: '200', referrer: 'http://34.250.27.141/' } },
      { at: 4, body: { remoteIP: '3.3.3.3', method: 'POST', status: 200, referrer: 'http://34.250.27.141/' } },
      { at: 5, body: { remoteIP: '4.4.4.4', method: 'GET', status: 404, referrer: 'http://34.250.27.141/' } },
    ],
    check: (r) => expect(r.rows).toEqual([{ UniqueVisits: 2 }]),
  },
  {
    find: 'by `detail-type`',
    events: [{ at: 1, body: { 'detail-type': 'EC2 State Change' } }, { at: 2, body: { 'detail-type': 'EC2 State Change' } }, { at: 3, body: { 'detail-type': 'Scheduled Event' } }],
    check: (r) => expect(tuples(r, 'detail-type', 'numberOfEvents')).toEqual([['EC2 State Change', 2], ['Scheduled Event', 1]]),
  },
  {
    find: 'user=*, method:*, latency := *',
    events: [
      { at: 1, body: 'user=ann, method:GET, latency := 10' }, { at: 2, body: 'user=ann, method:GET, latency := 30' },
      { at: 3, body: 'user=bob, method:PUT, latency := 5' }, { at: 4, body: 'no match here' },
    ],
    check: (r) => expect(new Set(tuples(r, '@method', '@user', 'avg(@latency)').map((t) => JSON.stringify(t))))
      .toEqual(new Set([JSON.stringify(['GET', 'ann', 20]), JSON.stringify(['PUT', 'bob', 5]), JSON.stringify([null, null, null])])),
  },
  {
    find: 'DISPLAY loggingMessage, loggingType = "ERROR" as isError',
    events: [
      { at: 1, body: '10:24:39,474 [ERROR] disk full' }, { at: 2, body: '10:24:40,001 [INFO] started' }, { at: 3, body: '10:24:41,000 [DEBUG] noise' },
    ],
    check: (r) => {
      expect(r.fields).toEqual(['loggingMessage', 'isError']);
      expect(tuples(r, 'loggingMessage', 'isError')).toEqual([['started', false], ['disk full', true]]);
    },
  },
  {
    find: 'parse @message "[*] *" as loggingType, loggingMessage | filter loggingType = "ERROR" | display loggingMessage',
    events: [{ at: 1, body: '[ERROR] disk full' }, { at: 2, body: '[INFO] ok' }],
    check: (r) => expect(r.rows).toEqual([{ loggingMessage: 'disk full' }]),
  },
  {
    find: 'filter (range>3000) | sort @timestamp desc | limit 20',
    events: [{ at: 1, body: { range: 5000 } }, { at: 2, body: { range: 1000 } }, { at: 3, body: { range: 3001 } }],
    check: (r, b) => expect(tuples(r, '@timestamp')).toEqual([[ts(b + 3)], [ts(b + 1)]]),
  },
  {
    find: 'filter (range>3000 and accountId=123456789012)',
    events: [
      { at: 1, body: { range: 5000, accountId: '123456789012' } }, { at: 2, body: { range: 5000, accountId: '999' } },
      { at: 3, body: { range: 10, accountId: '123456789012' } },
    ],
    check: (r, b) => expect(column(r, '@timestamp')).toEqual([ts(b + 1)]),
  },
];
