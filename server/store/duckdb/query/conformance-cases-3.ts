// Conformance cases: pattern, SOURCE, unnest, lookup, join, subqueries, the newer commands and
// functions (samples 66–109 of insights-samples.txt).
import { expect } from 'vitest';
import { column, ts, tuples, type SampleCase } from './conformance-types';
import { DAY, HOUR, MIN } from './testing';

const AWS = /runs in AWS mode only/;
const timeouts = [
  { at: 1, body: 'ERROR timeout after 31ms for user 8812' }, { at: 2, body: 'ERROR timeout after 2ms for user 17' },
  { at: 3, body: 'INFO GET /api/x took 5ms' },
];

export const CASES_3: SampleCase[] = [
  {
    find: 'pattern @message',
    events: timeouts,
    check: (r) => expect(r.rows).toEqual([
      { '@pattern': 'ERROR timeout after <Number-1>ms for user <Number-2>', '@ratio': 2 / 3, '@sampleCount': 2, '@severityLabel': 'Error' },
      { '@pattern': 'INFO GET /api/x took <Number-1>ms', '@ratio': 1 / 3, '@sampleCount': 1, '@severityLabel': 'Info' }]),
  },
  {
    find: 'filter @message like /ERROR/\n| pattern @message',
    events: timeouts,
    check: (r) => expect(tuples(r, '@pattern', '@sampleCount', '@ratio')).toEqual([['ERROR timeout after <Number-1>ms for user <Number-2>', 2, 1]]),
  },
  { find: '| pattern @message\n| anomaly', refused: AWS },
  { find: '| filter @type = "REPORT"\n| pattern @message\n| anomaly', refused: AWS },
  { find: '| logcompare timeshift 7d', refused: AWS },
  {
    find: '| filterIndex IPaddress = "198.51.100.0"',
    events: [{ at: 1, body: { IPaddress: '198.51.100.0' } }, { at: 2, body: { IPaddress: '198.51.100.1' } }],
    check: (r, b) => expect(column(r, '@timestamp')).toEqual([ts(b + 1)]),
  },
  {
    find: 'SOURCE logGroups()',
    events: [{ at: 1, body: 'a', source: 'api' }, { at: 2, body: 'b', source: 'web' }],
    check: (r) => expect(column(r, '@message')).toEqual(['b', 'a']),
  },
  { find: "SOURCE logGroups(accountIdentifiers:['111122223333'])", refused: AWS },
  { find: "SOURCE logGroups(class: ['INFREQUENT_ACCESS'])", refused: AWS },
  // Broken in the docs (no closing parenthesis); with it, cross-account selection is AWS-only.
  { find: "namePrefix: ['namePrefix1', 'namePrefix2']", fixed: (q) => `${q})`, refused: AWS },
  { find: "SOURCE dataSource(['amazon_vpc.flow'])", refused: AWS },
  { find: "SOURCE dataSource(['amazon_vpc.flow']) logGroups(namePrefix: ['namePrefix1'])", refused: AWS },
  {
    find: '| unnest json_message.events into event',
    events: [{ at: 1, body: { events: [{ name: 'exception' }, { name: 'user action' }] } }],
    check: (r) => expect(column(r, 'event.name').sort()).toEqual(['exception', 'user action']),
  },
  {
    find: '| unnest js.accounts into account',
    events: [{ at: 1, body: { accounts: [{ id: 1, type: 'internal' }, { id: 2, type: 'external' }, { id: 3, type: 'internal' }] } }],
    check: (r) => expect(r.rows.map((x) => JSON.parse(String(x.account)) as { id: number }).map((a) => a.id).sort()).toEqual([1, 3]),
  },
  { find: 'lookup user_data id OUTPUT name, email, department', refused: AWS },
  { find: 'lookup user_data user_id OUTPUT username, email, department', refused: AWS },
  {
    find: 'join type=inner left=api right=lambda',
    events: [
      { at: 1, body: { requestId: 'r1', status: 502, latency: 30 }, source: 'apigw' }, { at: 2, body: { requestId: 'r2', status: 200, latency: 5 }, source: 'apigw' },
      { at: 3, body: { requestId: 'r3', status: 504, latency: 90 }, source: 'apigw' }, { at: 4, body: { requestId: 'r4', status: 500, latency: 1 }, source: 'apigw' },
      { at: 5, body: { requestId: 'r1', duration: 800, memoryUsed: 128 }, source: '/aws/lambda/my-function' },
      { at: 6, body: { requestId: 'r3', duration: 2900, memoryUsed: 256 }, source: '/aws/lambda/my-function' },
    ],
    check: (r) => expect(tuples(r, 'api.requestId', 'api.status', 'api.latency', 'lambda.duration', 'lambda.memoryUsed'))
      .toEqual([['r3', 504, 90, 2900, 256], ['r1', 502, 30, 800, 128]]),
  },
  {
    find: 'join type=left left=order right=payment',
    events: [
      { at: 1, body: { eventType: 'ORDER_CREATED', transactionId: 't1', orderId: 'o1', customerId: 'c1' }, source: 'orders' },
      { at: 2, body: { eventType: 'ORDER_CREATED', transactionId: 't2', orderId: 'o2', customerId: 'c2' }, source: 'orders' },
      { at: 3, body: { eventType: 'ORDER_CREATED', transactionId: 't3', orderId: 'o3', customerId: 'c3' }, source: 'orders' },
      { at: 4, body: { eventType: 'PAYMENT_PROCESSED', transactionId: 't1', paymentStatus: 'SUCCESS', amount: 10 }, source: '/aws/lambda/payment-service' },
      { at: 5, body: { eventType: 'PAYMENT_PROCESSED', transactionId: 't2', paymentStatus: 'DECLINED', amount: 20 }, source: '/aws/lambda/payment-service' },
    ],
    check: (r) => expect(tuples(r, 'order.orderId', 'payment.paymentStatus', 'payment.amount').sort()).toEqual([['o2', 'DECLINED', 20], ['o3', null, null]]),
  },
  {
    find: "SOURCE '/aws/lambda/payment-processor'",
    sources: ['checkout'],
    events: [
      ...['r1', 'r1', 'r1', 'r1', 'r2', 'r2', 'r3', 'r3', 'r3', 'r3'].map((id, i) => ({ at: i, body: { requestId: id, status: 'FAILED' }, source: '/aws/lambda/payment-processor' })),
      { at: 20, body: { requestId: 'r3', status: 'OK' }, source: '/aws/lambda/payment-processor' },
      { at: 30, body: { requestId: 'r1', customerId: 'c1', amount: 5, failureReason: 'card' }, source: 'checkout' },
      { at: 40, body: { requestId: 'r2', customerId: 'c2', amount: 6, failureReason: 'card' }, source: 'checkout' },
      { at: 50, body: { requestId: 'r3', customerId: 'c3', amount: 7, failureReason: 'limit' }, source: 'checkout' },
    ],
    check: (r, b) => expect(r.rows).toEqual([
      { '@timestamp': ts(b + 30), requestId: 'r1', customerId: 'c1', amount: 5, failureReason: 'card' },
      { '@timestamp': ts(b + 50), requestId: 'r3', customerId: 'c3', amount: 7, failureReason: 'limit' }]),
  },
  {
    find: '| where @message like /error/',
    events: [{ at: 1, body: 'an error here' }, { at: 2, body: 'an Error there' }, { at: 3, body: 'fine' }],
    check: (r) => expect(column(r, '@message')).toEqual(['an error here']),
  },
  {
    find: '| addtotals price, tax',
    events: [{ at: 1, body: { price: 10, tax: 2, qty: 3 } }],
    check: (r) => expect(r.rows).toEqual([{ price: 10, tax: 2, qty: 3, Total: 12 }]),
  },
  {
    find: '| addtotals fieldname=RowSum',
    events: [{ at: 1, body: { val: 4 } }, { at: 2, body: { val: 6 } }],
    check: (r) => expect(tuples(r, 'val', 'RowSum')).toEqual([[6, 6], [4, 4]]),
  },
  {
    find: 'accum bytes AS totalBytes',
    events: [{ at: 1, body: { bytes: 10 } }, { at: 2, body: { bytes: 20 } }, { at: 3, body: { bytes: 5 } }],
    // Running total in the result's order (newest first without a sort).
    check: (r) => expect(tuples(r, 'bytes', 'totalBytes')).toEqual([[5, 5], [20, 25], [10, 35]]),
  },
  {
    find: 'autoregress bytes p=1-4',
    events: [1, 2, 3, 4, 5].map((n) => ({ at: n, body: { bytes: n * 10 } })),
    check: (r) => {
      expect(r.fields).toEqual(['@timestamp', 'bytes', 'bytes_p1', 'bytes_p2', 'bytes_p3', 'bytes_p4']);
      expect(tuples(r, 'bytes', 'bytes_p1', 'bytes_p4')).toEqual([[50, null, null], [40, 50, null], [30, 40, null], [20, 30, null], [10, 20, 50]]);
    },
  },
  {
    find: 'filldown host cpu*',
    events: [{ at: 1, body: { host: 'h1', cpu_user: 1, cpu_system: 2 } }, { at: 2, body: { cpu_user: 3 } }, { at: 3, body: { host: 'h2' } }],
    check: (r) => expect(tuples(r, 'host', 'cpu_user', 'cpu_system')).toEqual([['h2', null, null], ['h2', 3, null], ['h1', 1, 2]]),
  },
  { find: 'cidrlookup net_table srcAddr OUTPUT region, owner, datacenter', refused: AWS },
  {
    find: 'outlier action=remove param=3.0 uselower=true mark=true cpu memory',
    events: [...[10, 11, 12, 13, 14, 15, 16, 17].map((c, i) => ({ at: i, body: { cpu: c, memory: 50 + i } })),
      { at: 20, body: { cpu: 500, memory: 52 } }, { at: 21, body: { cpu: 12, memory: -900 } }],
    check: (r) => {
      expect(column(r, 'cpu').sort((a, b) => Number(a) - Number(b))).toEqual([10, 11, 12, 13, 14, 15, 16, 17]);
      expect(new Set(column(r, 'isOutlier'))).toEqual(new Set([false]));
    },
  },
  {
    find: 'sessionize userId, deviceId maxspan 1h as my_session',
    events: [
      { at: 0, body: { userId: 'u1', deviceId: 'd1' } }, { at: 30 * MIN, body: { userId: 'u1', deviceId: 'd1' } },
      { at: 3 * HOUR, body: { userId: 'u1', deviceId: 'd1' } }, { at: 10 * MIN, body: { userId: 'u1', deviceId: 'd2' } },
    ],
    check: (r) => expect(tuples(r, 'deviceId', 'my_session')).toEqual([['d1', 'u1|d1|2'], ['d1', 'u1|d1|1'], ['d2', 'u1|d2|1'], ['d1', 'u1|d1|1']]),
  },
  {
    find: 'stats count(*) by bin(5m) offset 1h',
    // Reads the hour before the range and labels it one hour later.
    range: { from: 2 * HOUR, to: 3 * HOUR - 1 },
    events: [{ at: HOUR + 1, body: 'a' }, { at: HOUR + 2, body: 'b' }, { at: HOUR + 6 * MIN, body: 'c' }, { at: 2 * HOUR + 1, body: 'not read' }],
    check: (r, b) => expect(tuples(r, 'bin(5m)', 'count(*)')).toEqual([[ts(b + 2 * HOUR), 2], [ts(b + 2 * HOUR + 5 * MIN), 1]]),
  },
  {
    find: 'stats avg(latency) by bin(1m) offset 1d',
    range: { from: DAY, to: DAY + HOUR },
    events: [{ at: 10, body: { latency: 10 } }, { at: 20, body: { latency: 30 } }],
    check: (r, b) => expect(tuples(r, 'bin(1m)', 'avg(latency)')).toEqual([[ts(b + DAY), 20]]),
  },
  {
    find: '| stats count() by json_message.status_code',
    events: [{ at: 1, body: { status_code: 200 } }, { at: 2, body: { status_code: 200 } }, { at: 3, body: { status_code: 500 } }],
    check: (r) => expect(tuples(r, 'json_message.status_code', 'count()')).toEqual([[200, 2], [500, 1]]),
  },
  {
    find: '| filter json_message.users[1].action = "PutData"',
    events: [{ at: 1, body: { users: [{ action: 'Get' }, { action: 'PutData' }] } }, { at: 2, body: { users: [{ action: 'PutData' }] } }],
    check: (r) => expect(r.rows.length).toBe(1),
  },
  {
    find: '| display toupper(json_message)',
    events: [{ at: 1, body: { a: 1 } }],
    check: (r) => expect(r.rows).toEqual([{ 'toupper(json_message)': null }]),
  },
  {
    find: '| filter toMillis(@timestamp) >= (now() * 1000 - 7200000)',
    base: () => Math.floor(Date.now() / 1000) * 1000 - 3 * HOUR,
    range: { from: 0, to: 3 * HOUR + MIN },
    events: [
      { at: 10 * MIN, body: 'Status Code: 404; too old' }, { at: 2 * HOUR, body: 'Status Code: 404; recent' },
      { at: 2 * HOUR + 1, body: 'Status Code: 200; fine' }, { at: 2 * HOUR + 2, body: 'Status Code: 503; server' },
    ],
    check: (r) => expect(column(r, '@message')).toEqual(['Status Code: 404; recent']),
  },
  {
    find: 'fields parseDate(field, "yyyy-MM-dd", "UTC") as epoch',
    events: [{ at: 1, body: { field: '2024-01-02' } }],
    check: (r) => expect(r.rows).toEqual([{ epoch: Date.UTC(2024, 0, 2) }]),
  },
  {
    find: 'fields formatDate(@timestamp, "%Y-%m-%d", "UTC") as date',
    events: [{ at: 1, body: 'x' }],
    check: (r, b) => expect(r.rows).toEqual([{ date: ts(b).slice(0, 10) }]),
  },
  { find: 'fields messageSize(@message) as size', events: [{ at: 1, body: 'héllo' }], check: (r) => expect(r.rows).toEqual([{ size: 6 }]) },
  {
    find: 'fields jsonArraySize(Operation) as arrayLen',
    events: [{ at: 1, body: { Operation: '[1,2,3]' } }],
    check: (r) => expect(r.rows).toEqual([{ arrayLen: 3 }]),
  },
  { find: 'fields hexToAscii("48656c6c6f") as text', events: [{ at: 1, body: 'x' }], check: (r) => expect(r.rows).toEqual([{ text: 'Hello' }]) },
  { find: 'fields hexToDec("0xff") as dec', events: [{ at: 1, body: 'x' }], check: (r) => expect(r.rows).toEqual([{ dec: 255 }]) },
  {
    find: 'requestParameters.instancesSet.items.0.instanceId="i-abcde123"',
    events: [
      { at: 1, body: { requestParameters: { instancesSet: { items: [{ instanceId: 'i-abcde123' }] } } } },
      { at: 2, body: { requestParameters: { instancesSet: { items: [{ instanceId: 'i-other' }, { instanceId: 'i-abcde123' }] } } } },
    ],
    check: (r, b) => expect(column(r, '@timestamp')).toEqual([ts(b + 1)]),
  },
  {
    find: 'fields jsonParse(api.request.data).startTime as startTime',
    events: [{ at: 1, body: { api: { request: { data: '{"startTime":"2024-01-01T00:00:00Z"}' } } } }],
    check: (r) => expect(r.rows).toEqual([{ startTime: '2024-01-01T00:00:00Z' }]),
  },
  {
    find: 'stats count(*) by @logStream',
    events: [{ at: 1, body: 'a', stream: 's1' }, { at: 2, body: 'b', stream: 's1' }, { at: 3, body: 'c', stream: 's2' }],
    check: (r) => expect(tuples(r, '@logStream', 'count(*)')).toEqual([['s1', 2], ['s2', 1]]),
  },
  {
    find: 'stats count(*) by bin(30s)',
    events: [{ at: 1000, body: 'a' }, { at: 29_000, body: 'b' }, { at: 31_000, body: 'c' }],
    check: (r, b) => expect(tuples(r, 'bin(30s)', 'count(*)')).toEqual([[ts(b), 2], [ts(b + 30_000), 1]]),
  },
];
