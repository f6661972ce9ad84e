// Every scalar function of the reference (§5.1–5.6), evaluated by DuckDB on one stored event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, makeEvents, openStore, runText, T0 } from './testing';

let store: Awaited<ReturnType<typeof openStore>>;
const TS = T0 + 12 * 3_600_000 + 34 * 60_000 + 56_789; // 2024-03-04 12:34:56.789

beforeAll(async () => {
  store = await openStore();
  await store.backend.append(makeEvents([{
    at: TS - T0,
    body: {
      s: '  Hello World  ', e: '', w: '   ', n: -2.5, big: 12.345, ip4: '192.168.1.20', ip6: '2001:db8::1', pub: '8.8.8.8',
      bad: '999.1.1.1', arr: '[1,"a",3]', obj: '{"a":{"b":[10,20]}}', d: '2024-01-02', hex: '48656c6c6f', url: 'a b/c',
    },
  }], { source: 'fn' }));
});
afterAll(async () => store.close());

async function one(fields: string): Promise<Record<string, unknown>> {
  const r = await runText(store.backend, `fields ${fields}`, { start: T0, end: T0 + DAY }, ['fn']);
  return r.rows[0];
}

describe('string functions', () => {
  it('trim, case, length, substr, replace, concat, tests', async () => {
    expect(await one(`trim(s) as t, ltrim(s) as l, rtrim(s) as r, trim("xyZxyfooxyxyZ", "xyZ") as tc, ltrim("xyZxyfooxyZ", "xyZ") as lc,
      rtrim("xyZfooxyxyZ", "xyZ") as rc, strlen(trim(s)) as len, toupper(trim(s)) as up, tolower(trim(s)) as lo,
      substr("xyZfooxyZ", 3, 3) as sub, substr("xyZfooxyZ", 6) as sub2, replace(s, "o", "0") as rep, concat("a", n, e, "b") as cat`)).toEqual({
      t: 'Hello World', l: 'Hello World  ', r: '  Hello World', tc: 'foo', lc: 'fooxyZ', rc: 'xyZfoo', len: 11, up: 'HELLO WORLD',
      lo: 'hello world', sub: 'foo', sub2: 'xyZ', rep: '  Hell0 W0rld  ', cat: 'a-2.5b',
    });
  });
  it('isempty, isblank, strcontains, startsWith, endsWith return 1/0', async () => {
    expect(await one(`isempty(e) as a, isempty(nosuch) as b, isempty(s) as c, isblank(w) as d, isblank(s) as f,
      strcontains(s, "World") as g, strcontains(s, "world") as h, strcontains(s, "world", true) as i,
      startsWith(trim(s), "Hell") as j, endsWith(trim(s), "x") as k`)).toEqual({ a: 1, b: 1, c: 0, d: 1, f: 0, g: 1, h: 0, i: 1, j: 1, k: 0 });
  });
  it('regexReplace, url, base64, split, hex and hashes', async () => {
    expect(await one(`regexReplace(s, "o(.)", "[$1]") as rr, regexReplace(s, /(?i)HELLO/, "Bye") as ri, urlencode(url) as ue,
      urldecode("a%20b") as ud, base64encode("hi") as b64, base64decode("aGk=") as unb64, split("a,b", ",") as sp,
      hexToAscii(hex) as ha, hexToDec("0xff") as hd, decToHex(255) as dh, decToHex(-16) as dn, md5("a") as m, sha256("a") as sh`)).toEqual({
      rr: '  Hell[ ]W[r]ld  ', ri: '  Bye World  ', ue: 'a%20b%2Fc', ud: 'a b', b64: 'aGk=', unb64: 'hi', sp: '["a","b"]', ha: 'Hello', hd: 255,
      dh: '0xff', dn: '-0x10', m: '0cc175b9c0f1b6a831c399e269772661', sh: 'ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb',
    });
  });
});

describe('numeric functions', () => {
  it('abs, ceil, floor, round, greatest, least, log, sqrt, conversions, haversine', async () => {
    const r = await one(`abs(n) as a, ceil(n) as c, floor(n) as f, round(big) as r0, round(big, 2) as r2, greatest(1, n, 3) as g,
      least(1, n, "0") as l, log(1) as lg, sqrt(16) as sq, sqrt(-1) as sqn, toNumber("42.5") as tn, toInt(3.9) as ti, toLong("7") as tl,
      toDouble("1e3") as td, haversine(0, 0, 0, 1) as hv`);
    expect(r).toMatchObject({ a: 2.5, c: -2, f: -3, r0: 12, r2: 12.35, g: 3, l: -2.5, lg: 0, sq: 4, sqn: null, tn: 42.5, ti: 3, tl: 7, td: 1000 });
    expect(r.hv).toBeCloseTo(111.19, 1);
  });
});

describe('date and time functions', () => {
  it('fromMillis, toMillis, formatDate/strftime (with a time zone), parseDate, now, query range', async () => {
    const r = await one(`toMillis(@timestamp) as ms, fromMillis(0) as z, formatDate(@timestamp, "%Y-%m-%d %H:%M", "UTC") as fd,
      strftime(@timestamp, "%H:%M") as sf, formatDate(@timestamp, "%H:%M", "America/New_York") as ny,
      parseDate(d, "yyyy-MM-dd", "UTC") as pd, parseDate("2024-01-02 03:04:05.678", "yyyy-MM-dd HH:mm:ss.SSS") as pd2,
      parseDate("2024-01-02 03:04", "yyyy-MM-dd HH:mm", "Europe/Paris") as pd3, now() > 1700000000 as recent`);
    expect(r).toEqual({
      ms: TS, z: '1970-01-01 00:00:00.000', fd: '2024-03-04 12:34', sf: '12:34', ny: '07:34', pd: Date.UTC(2024, 0, 2),
      pd2: Date.UTC(2024, 0, 2, 3, 4, 5, 678), pd3: Date.UTC(2024, 0, 2, 2, 4), recent: true,
    });
  });
});

describe('general and JSON functions', () => {
  it('ispresent, coalesce, case, if, isNumeric, messageSize', async () => {
    expect(await one(`ispresent(s) as p, ispresent(nosuch) as np, coalesce(nosuch, e, "x") as co, coalesce(nosuch, n) as cn,
      case(n > 0, "pos", n < 0, "neg", "zero") as cs, case(n > 0, "pos") as cs2, if(n < 0, 1, 2) as i, isNumeric("12") as in1,
      isNumeric("x") as in2, messageSize("é") as ms`)).toEqual({
      p: true, np: false, co: '', cn: -2.5, cs: 'neg', cs2: null, i: 1, in1: true, in2: false, ms: 2,
    });
  });
  it('jsonParse (member and index access), jsonStringify, jsonArraySize, jsonArrayContains', async () => {
    expect(await one(`jsonParse(obj).a.b[1] as x, jsonStringify(jsonParse(obj).a) as st, jsonArraySize(arr) as sz,
      jsonArrayContains(arr, "a") as c1, jsonArrayContains(arr, "b") as c2, jsonArrayContains(s, "a") as c3, jsonParse(s) as bad`)).toEqual({
      x: 20, st: '{"b":[10,20]}', sz: 3, c1: true, c2: false, c3: false, bad: null,
    });
  });
});

describe('IP address functions', () => {
  it('validates addresses and tests subnets, private, reserved and public ranges', async () => {
    expect(await one(`isValidIp(ip4) as a, isValidIp(ip6) as b, isValidIp(bad) as c, isValidIpV4(ip6) as d, isValidIpV6(ip6) as e,
      isIpInSubnet(ip4, "192.168.0.0/16") as f, isIpInSubnet(ip4, "192.168.2.0/24") as g, isIpv4InSubnet(ip4, "192.168.1.16/28") as h,
      isIpv6InSubnet(ip6, "2001:db8::/32") as i, isIpInSubnet(ip6, "2001:db9::/32") as j, ipv4ToNumber(ip4) as k,
      isPrivateIP(ip4) as l, isPrivateIP(pub) as m, isPublicIP(pub) as n2, isPublicIP(ip4) as o, isReservedIP("127.0.0.1") as q,
      isReservedIP(ip6) as r`)).toEqual({
      a: true, b: true, c: false, d: false, e: true, f: true, g: false, h: true, i: true, j: false, k: 3232235796,
      l: true, m: false, n2: true, o: false, q: true, r: true,
    });
  });
});
