// The JS predicate against SEMANTICS.md, rule by rule. The differential test
// (server/store/duckdb/query/differential.int.test.ts) checks the same rules against DuckDB.
import { describe, expect, it } from 'vitest';
import type { Fields, LogEvent } from '@/lib/events';
import { compileFilterQuery, compilePredicate } from './predicate';
import { parse } from './parser';

function event(fields: Record<string, unknown> = {}, message = 'GET /api/checkout 200'): LogEvent {
  return {
    timestamp: 1_700_000_000_000, ingestionTime: 1_700_000_000_500, log: 'api', logStream: 'i-1', message,
    fields: fields as Fields, fingerprint: 'fp1',
  };
}

/** Whether `filter` keeps an event with these fields. */
function keeps(filter: string, fields: Record<string, unknown> = {}, message?: string): boolean {
  const r = compileFilterQuery(filter);
  if (!r.ok) throw new Error(`${filter}: ${r.error.message}`);
  return r.predicate(event(fields, message));
}

function refusal(filter: string): string {
  const r = compileFilterQuery(filter);
  if (r.ok) throw new Error(`${filter} compiled`);
  return r.error.message;
}

describe('values and fields', () => {
  it('reads system fields and dot paths; a field no event has is null, never an error', () => {
    expect(keeps('@timestamp = 1700000000000 and @ingestionTime > @timestamp')).toBe(true);
    expect(keeps('@log = "api" and @logStream = "i-1" and @fingerprint = "fp1"')).toBe(true);
    expect(keeps('@message like "checkout"')).toBe(true);
    expect(keeps('user.id = "7"', { 'user.id': '7' })).toBe(true);
    expect(keeps('`items.0.id` = 3 or items.0.id = 3', { 'items.0.id': 3 })).toBe(true);
    expect(keeps('nope = 1')).toBe(false);
    expect(keeps('ispresent(nope)')).toBe(false);
  });
  it('resolves the names the pipeline renames (userId → user.id)', () => {
    expect(keeps('userId = "42"', { 'user.id': '42' })).toBe(true);
    expect(keeps('statusCode = 500', { status: 500 })).toBe(true);
  });
  it('compares booleans as the strings true/false', () => {
    expect(keeps('ok = "true"', { ok: true })).toBe(true);
    expect(keeps('ok = true', { ok: 'true' })).toBe(true);
    expect(keeps('ok = 1', { ok: true })).toBe(false);
    expect(keeps('ok < "u"', { ok: true })).toBe(true);
  });
  it('ignores prototype members of plain-object fields', () => {
    expect(keeps('ispresent(constructor) or ispresent(toString) or ispresent(__proto__)', {})).toBe(false);
  });
});

describe('comparisons', () => {
  it('null on either side is false, for != and under not too', () => {
    expect(keeps('x = 1')).toBe(false);
    expect(keeps('x != 1')).toBe(false);
    expect(keeps('not (x = 1)')).toBe(false);
    expect(keeps('not (x = 1)', { x: 2 })).toBe(true);
    expect(keeps('x = y', { x: 1 })).toBe(false);
    expect(keeps('x = 1', { x: null })).toBe(false);
  });
  it('compares numerically when both are numbers or one is a string that reads as a number', () => {
    expect(keeps('status >= 500', { status: 503 })).toBe(true);
    expect(keeps('status >= 500', { status: '503' })).toBe(true);
    expect(keeps('status = "200"', { status: 200 })).toBe(true);
    expect(keeps('d < 10', { d: ' 9.5 ' })).toBe(true);
    expect(keeps('d = 1.5', { d: '1.50' })).toBe(true);
    expect(keeps('d = -3', { d: '-3' })).toBe(true);
    expect(keeps('d = 0.5', { d: '.5' })).toBe(true);
    expect(keeps('d = 1', { d: '1.' })).toBe(true);
    expect(keeps('d = 1000', { d: '1e3' })).toBe(true); // the regex of SEMANTICS.md allows an exponent
    expect(keeps('d = 10', { d: '\t10\n' })).toBe(true);
  });
  it('compares as text when the string does not read as a number', () => {
    expect(keeps('d = 0', { d: '' })).toBe(false);
    expect(keeps('d = 16', { d: '0x10' })).toBe(false);
    expect(keeps('d = 5', { d: '+5' })).toBe(false);
    expect(keeps('d = 1000', { d: '1_000' })).toBe(false);
    expect(keeps('d > 100', { d: 'abc' })).toBe(true); // "abc" > "100" as text
    expect(keeps('d < 100', { d: '\v99' })).toBe(true); // \v is not RE2 white space: text "\v99" < "100"
  });
  it('compares two strings as text, even when both read as numbers', () => {
    expect(keeps('a = b', { a: '1.0', b: '1' })).toBe(false);
    expect(keeps('a < b', { a: '10', b: '9' })).toBe(true);
    expect(keeps('a = "1.0"', { a: '1' })).toBe(false);
  });
  it('compares text case-sensitively, by code point (as DuckDB does on UTF-8)', () => {
    expect(keeps('level = "error"', { level: 'ERROR' })).toBe(false);
    expect(keeps('s < "b"', { s: 'B' })).toBe(true);
    expect(keeps('s > "\uff01"', { s: '😀' })).toBe(true); // U+1F600 > U+FF01, though its UTF-16 unit is smaller
    expect(keeps('s < "é"', { s: 'z' })).toBe(true);
  });
  it('prints numbers in their shortest form when compared as text', () => {
    expect(keeps('n < "3x"', { n: 200 })).toBe(true); // "200" < "3x" as text
    expect(keeps('n = "x" or n != "x"', { n: 1.5 })).toBe(true);
    expect(keeps('concat(n) = "1.5"', { n: 1.5 })).toBe(true);
    expect(keeps('concat(n) = "200"', { n: 200 })).toBe(true);
    expect(keeps('concat(n) = "1e-05"', { n: 0.00001 })).toBe(true);
    expect(keeps('concat(n) = "1.5e+16"', { n: 1.5e16 })).toBe(true);
  });
});

describe('boolean logic (three-valued)', () => {
  it('and/or follow SQL: false wins and, true wins or, else unknown', () => {
    expect(keeps('x = 1 or y = 2', { y: 2 })).toBe(true);
    expect(keeps('x = 1 and y = 2', { y: 2 })).toBe(false);
    expect(keeps('not (x = 1 and y = 3)', { y: 2 })).toBe(true); // null and false = false
    expect(keeps('not (x = 1 or y = 3)', { y: 2 })).toBe(false); // null or false = null
    expect(keeps('not (x = 1 or y = 2)', { y: 2 })).toBe(false);
  });
  it('keeps an event only when the condition is true; values as conditions are truthy', () => {
    expect(keeps('flag', { flag: true })).toBe(true);
    expect(keeps('flag', { flag: 'TRUE' })).toBe(true);
    expect(keeps('flag', { flag: 'yes' })).toBe(false);
    expect(keeps('not flag', { flag: 'yes' })).toBe(true);
    expect(keeps('n', { n: 2 })).toBe(true);
    expect(keeps('not n', { n: '0' })).toBe(true);
    expect(keeps('not missing')).toBe(false);
    expect(keeps('strcontains(@message, "GET")')).toBe(true);
  });
  it('handles long or-chains without deep recursion', () => {
    const text = Array.from({ length: 500 }, (_, i) => `x = ${i}`).join(' or ');
    expect(keeps(text, { x: 499 })).toBe(true);
  });
});

describe('matching', () => {
  it('like "text" is a case-sensitive substring test; not like negates; null stays null', () => {
    expect(keeps('route like "checkout"', { route: '/api/checkout' })).toBe(true);
    expect(keeps('route like "Checkout"', { route: '/api/checkout' })).toBe(false);
    expect(keeps('route not like "cart"', { route: '/api/checkout' })).toBe(true);
    expect(keeps('route not like "cart"')).toBe(false);
    expect(keeps('route like ""', { route: 'x' })).toBe(true);
  });
  it('like /re/ and =~ /re/ are unanchored regex searches; (?i) ignores case', () => {
    expect(keeps('route like /check.ut/', { route: '/api/checkout' })).toBe(true);
    expect(keeps('route =~ /^\\/api/', { route: '/api/checkout' })).toBe(true);
    expect(keeps('t like /(?i)exception/', { t: 'NullPointerException' })).toBe(true);
    expect(keeps('t like /exception/', { t: 'NullPointerException' })).toBe(false);
    expect(keeps('t like /(?i)ÉCOLE/', { t: 'une école' })).toBe(true);
    expect(keeps('t not like /x/')).toBe(false);
  });
  it('matches a non-string value as its text', () => {
    expect(keeps('status like "50"', { status: 503 })).toBe(true);
    expect(keeps('ok like /^tr/', { ok: true })).toBe(true);
    expect(keeps('d =~ /e-05$/', { d: 0.00001 })).toBe(true);
  });
  it('speaks RE2: . skips only \\n, \\s is ASCII space, classes and quoting work', () => {
    expect(keeps('m like /a.b/', { m: 'a\nb' })).toBe(false);
    expect(keeps('m like /a.b/', { m: 'a\rb' })).toBe(true);
    expect(keeps('m like /(?s)a.b/', { m: 'a\nb' })).toBe(true);
    expect(keeps('m like /a.b/', { m: 'a😀b' })).toBe(true);
    expect(keeps('m like /^\\s$/', { m: '\u00a0' })).toBe(false);
    expect(keeps('m like /^[[:alpha:]]+$/', { m: 'abc' })).toBe(true);
    expect(keeps('m like /^\\pL+$/', { m: 'ünï' })).toBe(true);
    expect(keeps('m like /\\Qa.b\\E/', { m: 'axb' })).toBe(false);
    expect(keeps('m like /\\Qa.b\\E/', { m: 'a.b' })).toBe(true);
    expect(keeps('m like /(?P<u>u\\d)/', { m: 'u7' })).toBe(true);
    expect(keeps('m like /x{2}/', { m: 'xx' })).toBe(true);
    expect(keeps('m like /{/', { m: 'a{' })).toBe(true);
    expect(keeps('m like /a\\z/', { m: 'ba' })).toBe(true);
    expect(keeps('m like /^a$/', { m: 'a\n' })).toBe(false);
    expect(keeps('m like /(?m)^b$/', { m: 'a\nb' })).toBe(true);
    expect(keeps('m like /\\-/', { m: '-' })).toBe(true);
  });
  it('refuses what RE2 cannot run, and regexes JS cannot compile, with a clear message', () => {
    expect(refusal('m like /a(?=b)/')).toMatch(/look-around/);
    expect(refusal('m like /(a)\\1/')).toMatch(/back-reference/);
    expect(refusal('m like /a{1001}/')).toMatch(/repetition size/);
    expect(refusal('m like /(?i:a)b/')).toMatch(/inline flags/);
    expect(refusal('m like /a(/')).toMatch(/invalid regular expression/);
    expect(refusal('m like /\\p{Nope}/')).toMatch(/invalid regular expression/);
  });
});

describe('sets', () => {
  it('in compares with each member by the comparison rules', () => {
    expect(keeps('status in [200, 404]', { status: '404' })).toBe(true);
    expect(keeps('status in ["200", "404"]', { status: 404 })).toBe(true);
    expect(keeps('s in ["1", "2"]', { s: '1.0' })).toBe(false);
    expect(keeps('s in ["a", 1]', { s: 'b' })).toBe(false);
    expect(keeps('ok in ["true"]', { ok: true })).toBe(true);
  });
  it('not in negates; null stays null', () => {
    expect(keeps('s not in ["a", "b"]', { s: 'c' })).toBe(true);
    expect(keeps('s not in ["a", "b"]', { s: 'a' })).toBe(false);
    expect(keeps('s not in ["a", "b"]')).toBe(false);
    expect(keeps('s in []', { s: 'a' })).toBe(false);
    expect(keeps('s not in []', { s: 'a' })).toBe(true);
    expect(keeps('s not in [x]', { s: 'a' })).toBe(false); // a = null is unknown
  });
});

describe('arithmetic', () => {
  it('works on numbers and strings that read as numbers; anything else is null', () => {
    expect(keeps('a + b = 3', { a: 1, b: '2' })).toBe(true);
    expect(keeps('a * 2 = 7', { a: ' 3.5 ' })).toBe(true);
    expect(keeps('a - 1 = 1', { a: '2' })).toBe(true);
    expect(keeps('10 % a = 1 and 2 ^ a = 8', { a: 3 })).toBe(true);
    expect(keeps('ispresent(a + 1)', { a: 'x' })).toBe(false);
    expect(keeps('ispresent(a + 1)', { a: true })).toBe(false);
    expect(keeps('-a = -2', { a: '2' })).toBe(true);
    expect(keeps('d > 5m', { d: 300_001 })).toBe(true);
  });
  it('division (and remainder) by zero is null, and so is a result that is not finite', () => {
    expect(keeps('ispresent(a / 0)', { a: 1 })).toBe(false);
    expect(keeps('ispresent(a % 0)', { a: 1 })).toBe(false);
    expect(keeps('ispresent(a ^ 400)', { a: 10 })).toBe(false);
    expect(keeps('ispresent(a ^ 0.5)', { a: -8 })).toBe(false);
  });
});

describe('functions', () => {
  const f = { s: '  Hello World  ', n: -2.5, e: '', ip: '10.1.2.3', v6: '2001:db8::1', u: 'école😀' };
  it.each([
    'ispresent(s) and not ispresent(nope)',
    'isempty(e) = 1 and isempty(nope) = 1 and isempty(s) = 0',
    'isblank(s) = 0 and isblank("  \\t") = 1 and isblank(nope) = 1',
    'coalesce(nope, n) = -2.5 and coalesce(nope, "x") = "x" and not ispresent(coalesce(nope, nope2))',
    'strlen(u) = 6 and strlen(n) = 4',
    'toupper(u) = "ÉCOLE😀" and tolower("ÀB") = "àb" and toupper("straße") = "STRAẞE"',
    'trim(s) = "Hello World" and ltrim(s) = "Hello World  " and rtrim(s) = "  Hello World"',
    'trim("xyZxyfooxyxyZ", "xyZ") = "foo" and ltrim("xyZxyfooxyZ", "xyZ") = "fooxyZ" and rtrim("xyZfooxyxyZ", "xyZ") = "xyZfoo"',
    'substr("xyZfooxyZ", 3, 3) = "foo" and substr("abcdef", 2) = "cdef" and substr("abcdef", -2) = "f" and substr(u, 5, 1) = "😀"',
    'substr("abcdef", -1) = "abcdef" and substr("abcdef", 10) = "" and substr("abcdef", 1, 0) = ""',
    'replace("a-b-c", "-", "+") = "a+b+c" and replace("abc", "", "x") = "abc"',
    'strcontains(s, "World") = 1 and strcontains(s, "world") = 0 and strcontains(s, "world", true) = 1',
    'concat("a", nope, 1, true) = "a1true"',
    'startsWith(trim(s), "Hell") = 1 and endsWith(trim(s), "rld") = 1 and endsWith(s, "x") = 0',
    'abs(n) = 2.5 and ceil(n) = -2 and floor(n) = -3 and round(n) = -3 and round(2.5) = 3 and round(1.25, 1) = 1.3',
    'greatest(1, nope, 3) = 3 and least(n, "7") = -2.5 and not ispresent(greatest(nope))',
    'sqrt(16) = 4 and not ispresent(sqrt(-1)) and log(1) = 0 and not ispresent(log(0))',
    'toNumber("12") = 12 and toInt(2.9) = 2 and toInt(-2.9) = -2 and not ispresent(toInt(3000000000)) and toLong(1e10) = 1e10',
    'haversine(0, 0, 0, 1) > 111 and haversine(0, 0, 0, 1) < 112',
    'isValidIp(ip) and isValidIpV4(ip) and not isValidIpV6(ip) and isValidIpV6(v6) and not isValidIp("256.1.1.1")',
    'isIpInSubnet(ip, "10.0.0.0/8") and not isIpInSubnet(ip, "192.168.0.0/16") and isIpv6InSubnet(v6, "2001:db8::/32")',
    'isIpv4InSubnet(ip, "10.1.2.3/32") and not isIpInSubnet(nope, "10.0.0.0/8") and not isIpInSubnet("x", "::/0")',
  ])('%s', (filter) => {
    expect(keeps(filter, f)).toBe(true);
  });
  it('propagates null through string and numeric functions', () => {
    expect(keeps('ispresent(strlen(nope)) or ispresent(abs(nope)) or ispresent(substr(nope, 1))', f)).toBe(false);
    expect(keeps('ispresent(isValidIp(nope))', f)).toBe(false);
  });
  it('refuses other functions for live tail, naming them', () => {
    expect(refusal('jsonParse(x) = 1')).toMatch(/live tail cannot evaluate jsonParse\(\)/);
    expect(refusal('bin(5m) = 1')).toMatch(/cannot evaluate bin\(\)/);
    expect(refusal('count(*) > 1')).toMatch(/count\(\) can only be used in stats/);
    expect(refusal('myFunc(x)')).toMatch(/unknown function myFunc\(\)/);
    expect(refusal('strlen(a, b) > 1')).toMatch(/strlen\(\) takes 1 argument, not 2/);
    expect(refusal('isIpInSubnet(ip, sub)')).toMatch(/subnet must be a quoted string/);
    expect(refusal('isIpv4InSubnet(ip, "2001:db8::/32")')).toMatch(/needs an IPv4 subnet/);
  });
});

describe('compilePredicate', () => {
  it('compiles an AST expression, or returns the reason as a string', () => {
    const q = parse('filter status >= 500');
    if (!q.ok || q.query.commands[0].kind !== 'filter') throw new Error('parse');
    const r = compilePredicate(q.query.commands[0].expr);
    expect(r.ok && r.predicate(event({ status: 500 }))).toBe(true);
    const bad = compilePredicate({ kind: 'call', name: 'jsonParse', args: [] });
    expect(bad).toEqual({ ok: false, error: expect.stringMatching(/jsonParse/) });
  });
});

describe('compileFilterQuery', () => {
  it('accepts a bare expression or filter commands, ANDed', () => {
    expect(keeps('level = "error" and route like /checkout/', { level: 'error', route: '/checkout' })).toBe(true);
    expect(keeps('filter level = "error" | filter route like /checkout/', { level: 'error', route: '/cart' })).toBe(false);
    expect(keeps('where level = "error"', { level: 'error' })).toBe(true);
    expect(keeps('FILTER a = 1 | filter b = 2', { a: 1, b: 2 })).toBe(true);
    expect(keeps('   ')).toBe(true);
    expect(keeps('filter = 3', { filter: 3 })).toBe(true);
    const r = compileFilterQuery('filter a = 1 | filter b = 2');
    expect(r.ok && r.expr?.kind === 'binary' && r.expr.op).toBe('and');
  });
  it('refuses other commands clearly, at their position', () => {
    const r = compileFilterQuery('filter a = 1\n| stats count() by b');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toBe('live tail filters events one at a time; `stats` is not available here');
    expect([r.error.line, r.error.column]).toEqual([2, 3]);
    expect(refusal('fields a')).toMatch(/`fields` is not available/);
    expect(refusal('stats count()')).toMatch(/`stats` is not available/);
  });
  it('positions errors in the text as typed (a bare expression is not shifted)', () => {
    const r = compileFilterQuery('status = 500 and\n  route like /a(?=b)/');
    expect(!r.ok && [r.error.line, r.error.column, r.error.message]).toEqual([2, 14, expect.stringMatching(/look-around/)]);
    const syntax = compileFilterQuery('status = ');
    expect(!syntax.ok && [syntax.error.line, syntax.error.column]).toEqual([1, 10]);
    expect(!syntax.ok && syntax.error.excerpt).toBe('status = \n         ^');
    const fn = compileFilterQuery('filter x = 1 and jsonParse(y)');
    expect(!fn.ok && fn.error.column).toBe(18);
  });
});
