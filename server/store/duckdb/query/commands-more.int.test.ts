// parse modes, unnest and maps, join and subqueries, SOURCE, row-shaping commands, pattern, and
// the commands refused in local mode.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { col, DAY, HOUR, makeEvents, MIN, openStore, runText, T0, tuples } from './testing';

let store: Awaited<ReturnType<typeof openStore>>;
const RANGE = { start: T0, end: T0 + DAY };

beforeAll(async () => {
  store = await openStore();
  const { backend } = store;
  await backend.append(makeEvents([
    { at: 1000, body: '2024-03-04T00:00:01Z [ERROR] {foo=2, bar=data} The error was: DataIntegrityException' },
    { at: 2000, body: 'level=error msg="disk full" host=db1 duration=12' },
    { at: 3000, body: 'web1,GET,/a,200,15' },
    { at: 4000, body: 'items=a1 items=a2 user=alice, method:GET, latency := 30' },
    { at: 5000, body: '2024-03-04T00:00:05Z [INFO] {foo=3} nothing here' },
  ], { source: 'text' }));
  await backend.append(makeEvents([
    { at: 1000, body: { events: [{ name: 'exception' }, { name: 'user action' }], users: [{ action: 'Get' }, { action: 'PutData' }] } },
    { at: 2000, body: { payload: '{"user":{"name":"bob"},"tags":["x","y"]}' } },
  ], { source: 'json' }));
  await backend.append(makeEvents([
    { at: 1000, body: { requestId: 'r1', status: 502, latency: 30 } },
    { at: 2000, body: { requestId: 'r2', status: 200, latency: 10 } },
    { at: 3000, body: { requestId: 'r3', status: 503, latency: 50 } },
  ], { source: 'gw' }));
  await backend.append(makeEvents([
    { at: 1500, body: { requestId: 'r1', duration: 900, state: 'FAILED' } },
    { at: 3500, body: { requestId: 'r3', duration: 100, state: 'FAILED' } },
    { at: 3600, body: { requestId: 'r3', duration: 120, state: 'FAILED' } },
  ], { source: '/aws/lambda/fn' }));
  await backend.append(makeEvents([
    { at: 1000, body: { host: 'h1', cpu_user: 5, bytes: 10, user: 'u', device: 'd' } },
    { at: 2000, body: { cpu_user: 7, bytes: 20, user: 'u', device: 'd' } },
    { at: 3000, body: { host: 'h2', bytes: 30, user: 'u', device: 'd' } },
    { at: 3000 + 2 * HOUR, body: { bytes: 1000, user: 'u', device: 'd' } },
  ], { source: 'rows' }));
  await backend.append(makeEvents([
    { at: 1000, body: { level: 'error', message: 'timeout after 31ms for user 8812' } },
    { at: 2000, body: { level: 'error', message: 'timeout after 2ms for user 17' } },
    { at: 3000, body: { level: 'info', message: 'GET /api/x took 5ms' } },
  ], { source: 'pat' }));
});
afterAll(async () => store.close());

const run = (text: string, source?: string) => runText(store.backend, text, RANGE, source ? [source] : undefined);

describe('parse', () => {
  it('glob: one field per *, events that do not match keep flowing with nulls', async () => {
    const r = await run('parse @message "[*] * The error was: *" as level2, config, exception | sort @timestamp asc | fields level2, config, exception', 'text');
    expect(r.rows[0]).toEqual({ level2: 'ERROR', config: '{foo=2, bar=data}', exception: 'DataIntegrityException' });
    expect(r.rows[1]).toEqual({ level2: null, config: null, exception: null });
  });
  it('regex: named groups become fields; as renames them; multi gives one row per match', async () => {
    const r = await run('parse @message /\\[(?<lvl>\\S+)\\]\\s+(?<config>\\{.*\\})/ | filter ispresent(lvl) | fields lvl, config | sort lvl asc', 'text');
    expect(tuples(r, 'lvl', 'config')).toEqual([['ERROR', '{foo=2, bar=data}'], ['INFO', '{foo=3}']]);
    const m = await run('parse @message /items=(?<item>\\w+)/ multi | filter ispresent(item) | fields item | sort item asc', 'text');
    expect(col(m, 'item')).toEqual(['a1', 'a2']);
    const ci = await run('parse @message /(?i)\\[(?<l>error)\\]/ as sev | filter ispresent(sev) | fields sev', 'text');
    expect(col(ci, 'sev')).toEqual(['ERROR']);
  });
  it('logfmt, csv and json field extraction', async () => {
    const lf = await run('parse @message logfmt as lf | filter lf.level = "error" | fields lf.msg, lf.host, lf.duration * 2 as d', 'text');
    expect(lf.rows).toEqual([{ 'lf.msg': 'disk full', 'lf.host': 'db1', d: 24 }]);
    const csv = await run('parse @message csv as host, method, path, status, duration | filter method = "GET" | fields host, path, duration', 'text');
    expect(csv.rows).toEqual([{ host: 'web1', path: '/a', duration: '15' }]);
    const js = await run('json field=payload "user.name" as username | filter ispresent(username) | fields username', 'json');
    expect(js.rows).toEqual([{ username: 'bob' }]);
    const glob = await run('parse @message "user=*, method:*, latency := *" as @user, @method, @latency | filter ispresent(@user) | stats avg(@latency) as l by @method, @user', 'text');
    expect(glob.rows).toEqual([{ '@method': 'GET', '@user': 'alice', l: 30 }]);
  });
});

describe('maps and unnest', () => {
  it('jsonParse gives a map: dot and bracket access, unnest into rows', async () => {
    const r = await run('fields jsonParse(@message) as js | filter js.users[1].action = "PutData" | unnest js.events into ev | fields ev.name', 'json');
    expect(col(r, 'ev.name').sort()).toEqual(['exception', 'user action']);
    const p = await run('fields jsonParse(payload).tags[0] as t0, jsonArraySize(jsonStringify(jsonParse(payload).tags)) as n, toupper(jsonParse(payload)) as u | filter ispresent(payload)', 'json');
    expect(p.rows).toEqual([{ t0: 'x', n: 2, u: null }]);
  });
});

describe('join and subqueries', () => {
  it('inner join on equal keys, fields from both sides by alias', async () => {
    const r = await run(`filter status >= 500 | join type=inner left=api right=lambda where api.requestId = lambda.requestId
      (SOURCE '/aws/lambda/fn') | fields api.requestId, api.latency, lambda.duration | sort lambda.duration asc`, 'gw');
    expect(tuples(r, 'api.requestId', 'api.latency', 'lambda.duration')).toEqual([['r3', 50, 100], ['r3', 50, 120], ['r1', 30, 900]]);
  });
  it('left join keeps unmatched rows with nulls', async () => {
    const r = await run(`join type=left left=a right=b where a.requestId = b.requestId (SOURCE '/aws/lambda/fn' | filter duration > 500)
      | fields a.requestId, b.duration | sort a.requestId asc`, 'gw');
    expect(tuples(r, 'a.requestId', 'b.duration')).toEqual([['r1', 900], ['r2', null], ['r3', null]]);
  });
  it('x in (subquery) with its own SOURCE and stats', async () => {
    const r = await run(`filter requestId in (SOURCE '/aws/lambda/fn' | filter state = "FAILED" | stats count(*) as n by requestId
      | filter n > 1 | fields requestId) | fields requestId, latency`, 'gw');
    expect(r.rows).toEqual([{ requestId: 'r3', latency: 50 }]);
    const not = await run(`filter requestId not in (SOURCE '/aws/lambda/fn' | fields requestId) | fields requestId`, 'gw');
    expect(col(not, 'requestId')).toEqual(['r2']);
  });
  it('SOURCE logGroups(namePrefix) picks sources by prefix; logGroups() reads all', async () => {
    const r = await run("SOURCE logGroups(namePrefix: ['/aws/']) | stats count(*) as n by @log");
    expect(r.rows).toEqual([{ '@log': '/aws/lambda/fn', n: 3 }]);
    expect((await run('SOURCE logGroups() | stats count(*) as n')).rows).toEqual([{ n: 20 }]);
  });
});

describe('row shaping', () => {
  it('addtotals, accum and autoregress follow the current order', async () => {
    const r = await run('fields @timestamp, bytes, cpu_user | sort @timestamp asc | addtotals bytes, cpu_user | accum bytes as run | autoregress bytes p=1-2', 'rows');
    expect(tuples(r, 'bytes', 'Total', 'run', 'bytes_p1', 'bytes_p2')).toEqual([
      [10, 15, 10, null, null], [20, 27, 30, 10, null], [30, 30, 60, 20, 10], [1000, 1000, 1060, 30, 20]]);
    const t = await run('stats sum(bytes) as b by user | addtotals fieldname=RowSum col=true b', 'rows');
    expect(tuples(t, 'user', 'b', 'RowSum')).toEqual([['u', 1060, 1060], [null, 1060, 1060]]);
  });
  it('filldown carries values forward (wildcards allowed); outlier removes or clamps; sessionize splits on gaps', async () => {
    const f = await run('fields @timestamp, host, cpu_user | sort @timestamp asc | filldown host cpu*', 'rows');
    expect(tuples(f, 'host', 'cpu_user')).toEqual([['h1', 5], ['h1', 7], ['h2', 7], ['h2', 7]]);
    const o = await run('fields bytes | outlier action=remove param=1.5 bytes | sort bytes asc', 'rows');
    expect(col(o, 'bytes')).toEqual([10, 20, 30]);
    const s = await run('fields @timestamp, user, device | sort @timestamp asc | sessionize user, device maxspan 1h as sess', 'rows');
    expect(col(s, 'sess')).toEqual(['u|d|1', 'u|d|1', 'u|d|1', 'u|d|2']);
    const cf = await run('countFrequent user, device', 'rows');
    expect(cf.rows).toEqual([{ user: 'u', device: 'd', _approxcount: 4 }]);
  });
  it('appendcols adds another query’s columns by row position', async () => {
    const r = await run('stats count(*) as n by host | sort host asc | appendcols (stats sum(bytes) as total, max(bytes) as n)', 'rows');
    // n exists already and override is off: only total is added, to the first row.
    expect(tuples(r, 'host', 'n', 'total')).toEqual([['h1', 1, 1060], ['h2', 1, null], [null, 2, null]]);
    const o = await run('stats count(*) as n | appendcols override=true (stats max(bytes) as n)', 'rows');
    expect(o.rows).toEqual([{ n: 1000 }]);
  });
});

describe('pattern', () => {
  it('clusters messages into templates with ratio, count and severity', async () => {
    const r = await run('pattern @message', 'pat');
    expect(r.fields).toEqual(['@pattern', '@ratio', '@sampleCount', '@severityLabel']);
    expect(r.rows[0]).toEqual({ '@pattern': 'timeout after <Number-1>ms for user <Number-2>', '@ratio': 2 / 3, '@sampleCount': 2, '@severityLabel': 'Error' });
    expect(r.rows[1]).toMatchObject({ '@pattern': 'GET /api/x took <Number-1>ms', '@sampleCount': 1, '@severityLabel': 'Info' });
    const t = await run('parse @message "* [*] *" as a, b, rest | filter ispresent(rest) | pattern rest', 'text');
    expect(t.rows[0]).toMatchObject({ '@pattern': '{foo=<Number-1>, bar=data} The error was: DataIntegrityException', '@sampleCount': 1 });
  });
});

describe('local mode limits', () => {
  it.each([
    ['fields @message | pattern @message | anomaly', /anomaly .*runs in AWS mode only/],
    ['fields a | lookup users id OUTPUT name', /lookup .*runs in AWS mode only/],
    ['fields srcAddr | cidrlookup nets srcAddr OUTPUT owner', /cidrlookup .*runs in AWS mode only/],
    ['fields @message | unmask', /unmask .*runs in AWS mode only/],
    ['fields unmask(@message)', /unmask\(\) runs in AWS mode only/],
    ['diff previousDay', /diff .*runs in AWS mode only/],
    ["SOURCE logGroups(accountIdentifiers: ['111122223333'])", /cross-account .*runs in AWS mode only/],
    ["SOURCE dataSource(['amazon_vpc.flow'])", /data sources.*runs in AWS mode only/],
  ])('%s is refused with a message', async (text, message) => {
    await expect(run(text)).rejects.toThrow(message);
  });
  it('filterIndex keeps exactly the events filter would', async () => {
    expect(col(await run('filterIndex requestId in ["r1", "r2"] | fields requestId | sort requestId asc', 'gw'), 'requestId')).toEqual(['r1', 'r2']);
  });
  it('uses the query range bounds in queryStartTime()/queryEndTime()', async () => {
    const r = await run('fields queryStartTime() as s, queryEndTime() - queryStartTime() as d | limit 1', 'gw');
    expect(r.rows).toEqual([{ s: T0, d: DAY }]);
    void MIN;
  });
});
