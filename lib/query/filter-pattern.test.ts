import { describe, expect, it } from 'vitest';
import { type LogEvent, toLogEvent } from '@/lib/events';
import type { Expr } from './ast';
import { MAX_PATTERN_LENGTH, toFilterPattern } from './filter-pattern';
import { rng } from './fuzz-gen';
import { parse } from './parser';
import { buildPredicate } from './predicate';

function expr(filter: string): Expr {
  const r = parse(`filter ${filter}`);
  if (!r.ok || r.query.commands[0].kind !== 'filter') throw new Error(`${filter}: ${r.ok ? 'not a filter' : r.error.message}`);
  return r.query.commands[0].expr;
}

// ---------------------------------------------------------------------------------------------
// An evaluator for the pattern subset toFilterPattern emits, with the strictest reading of the
// CloudWatch docs: a quoted term is a case-sensitive substring; `$.k = "s"` matches string values
// only (`*` any run of characters), `!=` strings that differ; `$.k op n` numbers only; IS TRUE /
// IS FALSE booleans only. A looser CloudWatch can only match more.

type Matcher = (message: string) => boolean;

function unquote(s: string): string {
  return s.slice(1, -1).replace(/\\(.)/g, '$1');
}

function wildcard(s: string): RegExp {
  return new RegExp(`^${s.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*')}$`);
}

const TOKEN = /\s*("(?:[^"\\]|\\.)*"|\$\.[A-Za-z0-9_]+|&&|\|\||!=|<=|>=|[=<>(){}]|-?\d+(?:\.\d+)?|IS|TRUE|FALSE)/y;

function tokens(s: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < s.length) {
    const start = TOKEN.lastIndex;
    const m = TOKEN.exec(s);
    if (!m) {
      if (s.slice(start).trim() === '') break;
      throw new Error(`pattern not in the emitted subset at ${start}: ${s}`);
    }
    out.push(m[1]);
  }
  return out;
}

function compilePattern(pattern: string): Matcher {
  if (pattern === '') return () => true;
  if (!pattern.startsWith('{')) {
    const items = pattern.match(/\??"(?:[^"\\]|\\.)*"/g) ?? [];
    expect(items.join(' ')).toBe(pattern);
    const anyOf = items.every((i) => i.startsWith('?'));
    const texts = items.map((i) => unquote(i.replace(/^\?/, '')));
    return anyOf ? (m) => texts.some((t) => m.includes(t)) : (m) => texts.every((t) => m.includes(t));
  }
  const ts = tokens(pattern);
  let i = 0;
  type J = (o: Record<string, unknown>) => boolean;
  const expectTok = (t: string) => {
    if (ts[i++] !== t) throw new Error(`expected ${t} in ${pattern}`);
  };
  const primary = (): J => {
    if (ts[i] === '(') {
      i++;
      const e = orExpr();
      expectTok(')');
      return e;
    }
    const key = ts[i++].slice(2);
    const op = ts[i++];
    if (op === 'IS') {
      const want = ts[i++] === 'TRUE';
      return (o) => o[key] === want;
    }
    const v = ts[i++];
    if (v.startsWith('"')) {
      const re = wildcard(unquote(v));
      if (op === '=') return (o) => typeof o[key] === 'string' && re.test(o[key] as string);
      if (op === '!=') return (o) => typeof o[key] === 'string' && !re.test(o[key] as string);
      throw new Error(`string comparison ${op}`);
    }
    const n = Number(v);
    const cmp: Record<string, (x: number) => boolean> = {
      '=': (x) => x === n, '!=': (x) => x !== n, '<': (x) => x < n, '<=': (x) => x <= n, '>': (x) => x > n, '>=': (x) => x >= n,
    };
    return (o) => typeof o[key] === 'number' && cmp[op](o[key] as number);
  };
  const andExpr = (): J => {
    const parts = [primary()];
    while (ts[i] === '&&') {
      i++;
      parts.push(primary());
    }
    return (o) => parts.every((p) => p(o));
  };
  const orExpr = (): J => {
    const parts = [andExpr()];
    while (ts[i] === '||') {
      i++;
      parts.push(andExpr());
    }
    return (o) => parts.some((p) => p(o));
  };
  expectTok('{');
  const body = orExpr();
  expectTok('}');
  expect(i).toBe(ts.length);
  return (m) => {
    let o: unknown;
    try {
      o = JSON.parse(m);
    } catch {
      return false;
    }
    return o !== null && typeof o === 'object' && !Array.isArray(o) && body(o as Record<string, unknown>);
  };
}

// ---------------------------------------------------------------------------------------------

describe('toFilterPattern', () => {
  it('pushes @message substrings down as quoted terms, exactly', () => {
    expect(toFilterPattern(expr('@message like "timeout" and @message like "db pool"'))).toEqual({ pattern: '"timeout" "db pool"', residual: null });
    expect(toFilterPattern(expr('@message like "a" or @message like \'say "hi"\''))).toEqual({ pattern: '?"a" ?"say \\"hi\\""', residual: null });
    const r = toFilterPattern(expr('@message like "GET" and status = 500'));
    expect(r.pattern.startsWith('{')).toBe(true);
  });
  it('pushes field comparisons as JSON patterns, with an alternative per value type', () => {
    expect(toFilterPattern(expr('route = "/checkout"')).pattern).toBe('{ $.route = "/checkout" }');
    expect(toFilterPattern(expr('route = "/checkout" and method = "POST"')).pattern).toBe('{ $.route = "/checkout" && $.method = "POST" }');
    expect(toFilterPattern(expr('code = 7')).pattern).toBe('{ ($.code = 7 || $.code = "*") }');
    expect(toFilterPattern(expr('flag = true')).pattern).toBe('{ ($.flag = "true" || $.flag IS TRUE) }');
    expect(toFilterPattern(expr('method in ["GET", "PUT"]')).pattern).toBe('{ ($.method = "GET" || $.method = "PUT") }');
    expect(toFilterPattern(expr('a = "x" or b = "y"')).pattern).toBe('{ ($.a = "x" || $.b = "y") }');
    expect(toFilterPattern(expr('statusCode >= 500')).pattern).toContain('$.status_code >= 500');
    expect(toFilterPattern(expr('name != "x"')).pattern).toBe('{ ($.name >= 0 || $.name < 0 || $.name != "x" || $.name IS TRUE || $.name IS FALSE) }');
    // JSON clauses widen, so the whole filter is the residual.
    const e = expr('route = "/checkout"');
    expect(toFilterPattern(e).residual).toBe(e);
  });
  it('keeps in the residual what patterns cannot express', () => {
    for (const f of ['user.id = "7"', 'level = "error"', 'x_y = 1', '@log = "api"', 'a = b', 'route like "x"', 'strlen(a) > 1',
      'a = 1 or @message like "x"', '@message like /re/', 'a in [b]', '@message like "日本"']) {
      const e = expr(f);
      expect(toFilterPattern(e), f).toEqual({ pattern: '', residual: e });
    }
    expect(toFilterPattern(null)).toEqual({ pattern: '', residual: null });
  });
  it('drops unexpressible parts of an AND, never of an OR', () => {
    expect(toFilterPattern(expr('(route = "/a" and user.id = "7") or route = "/b"')).pattern).toBe('{ ($.route = "/a" || $.route = "/b") }');
    expect(toFilterPattern(expr('route = "/a" or user.id = "7"')).pattern).toBe('');
    // not (a or b) = not a and not b: both sides kept.
    const negated = toFilterPattern(expr('not (route = "/a" or method = "GET")')).pattern;
    expect(negated).toMatch(/^\{ \(\(.*\$\.route != "\/a".*\) && \(.*\$\.method != "GET".*\)\) \}$/);
  });
  it('stays within the StartLiveTail limit of 1 024 characters', () => {
    const long = Array.from({ length: 80 }, (_, i) => `route = "/a/very/long/route/number/${i}"`).join(' and ');
    expect(toFilterPattern(expr(long)).pattern.length).toBeLessThanOrEqual(MAX_PATTERN_LENGTH);
    const terms = Array.from({ length: 80 }, (_, i) => `@message like "some fairly long term ${i}"`).join(' and ');
    const r = toFilterPattern(expr(terms));
    expect(r.pattern.length).toBeLessThanOrEqual(MAX_PATTERN_LENGTH);
    expect(r.residual).not.toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
// The safety rule, on generated filters and events.


const KEYS = ['status', 'statusCode', 'status_code', 'route', 'method', 'code', 'flag', 'name', 'level', 'severity',
  'message', 'msg', 'source', 'userId', 'x_y', 'a.b', 'time'];
const FIELDS = ['status', 'statusCode', 'route', 'method', 'code', 'flag', 'name', 'level', 'message', 'msg', 'source',
  'userId', 'user.id', 'x_y', 'a.b', 'missing', 'time'];
const SCALARS: unknown[] = [0, 1, 7, 200, 500, 503, -3, 1.5, '200', ' 500 ', '7', '1.5', '1e3', 'abc', 'ERROR', 'error', '/a', '/b',
  'GET', 'POST', 'true', 'false', '', 'a*b', 'x', 'say "hi"', true, false, null];
const TEXTS = ['timeout', 'GET', 'error', 'a', '/a', 'say "hi"', '7', 'true'];

function genEvent(r: () => number, i: number): { message: string; event: LogEvent } {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  let raw: unknown;
  if (r() < 0.15) raw = `${pick(TEXTS)} plain line ${pick(TEXTS)} ${i}`;
  else {
    const o: Record<string, unknown> = {};
    for (const k of KEYS) if (r() < 0.35) o[k] = pick(SCALARS);
    if (r() < 0.1) o.user = { id: pick(SCALARS) };
    if (r() < 0.1) o.route = { nested: 1 };
    raw = o;
  }
  const message = typeof raw === 'string' ? raw : JSON.stringify(raw);
  const res = toLogEvent(raw, { receivedAt: 1_700_000_000_000 }, typeof raw === 'string' ? undefined : message);
  if (!res.ok) throw new Error(res.error);
  return { message, event: res.event };
}

function genFilter(r: () => number, depth: number): string {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const lit = () => {
    const v = pick(SCALARS.filter((s) => s !== null));
    return typeof v === 'string' ? JSON.stringify(v) : String(v);
  };
  if (depth <= 0 || r() < 0.4) {
    switch (Math.floor(r() * 5)) {
      case 0:
      case 1:
        return `${pick(FIELDS)} ${pick(['=', '!=', '<', '<=', '>', '>='])} ${lit()}`;
      case 2:
        return `${pick(FIELDS)} ${r() < 0.6 ? 'in' : 'not in'} [${Array.from({ length: 1 + Math.floor(r() * 3) }, lit).join(', ')}]`;
      case 3:
        return `@message like ${JSON.stringify(pick(TEXTS))}`;
      default:
        return `${lit()} ${pick(['=', '<', '>='])} ${pick(FIELDS)}`;
    }
  }
  const a = genFilter(r, depth - 1);
  const b = genFilter(r, depth - 1);
  return pick([`(${a}) and (${b})`, `(${a}) or (${b})`, `not (${a})`, `(${a}) and not (${b})`]);
}

describe('the safety rule', () => {
  it('never excludes an event the filter keeps; pattern + residual decide exactly', () => {
    const r = rng(42);
    const events = Array.from({ length: 400 }, (_, i) => genEvent(r, i));
    let pushed = 0;
    let kept = 0;
    let narrowed = 0;
    for (let n = 0; n < 1500; n++) {
      const text = genFilter(r, 2);
      const e = expr(text);
      const pred = buildPredicate(e);
      const { pattern, residual } = toFilterPattern(e);
      const match = compilePattern(pattern);
      const rest = residual ? buildPredicate(residual) : () => true;
      if (pattern) pushed++;
      for (const { message, event } of events) {
        const keep = pred(event);
        const passes = match(message);
        if (keep) kept++;
        if (!passes) narrowed++;
        if (keep && !passes) throw new Error(`pattern ${pattern} drops ${message}, which ${text} keeps`);
        if ((passes && rest(event)) !== keep) throw new Error(`pattern ${pattern} + residual disagree with ${text} on ${message}`);
      }
    }
    // The generator exercises the interesting cases.
    expect(pushed).toBeGreaterThan(500);
    expect(kept).toBeGreaterThan(10_000);
    expect(narrowed).toBeGreaterThan(100_000);
  });
});
