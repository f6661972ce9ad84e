// Seeded generators for the differential test (SQL engine vs JS predicate): varied raw events
// and random filter expressions built as ASTs. Test support only.
import type { Expr } from '@/lib/query';
import { rng, type Rng } from '@/lib/query/fuzz-gen';

export { rng, type Rng };

const int = (r: Rng, n: number): number => Math.floor(r() * n);
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[int(r, xs.length)];
const chance = (r: Rng, p: number): boolean => r() < p;

// ---------------------------------------------------------------------------------------------
// Values shared by events and literals, so comparisons hit as often as they miss.

const WORDS = ['error', 'Error', 'ERROR', 'info', 'warn', 'debug', 'checkout', '/api/checkout', '/api/cart', '/login',
  'GET', 'POST', 'true', 'false', 'True', 'abc', 'a b', 'x', '', ' ', '\t', 'école', 'ÉCOLE', 'straße', 'Ωmega', '日本語',
  '😀 smile', '\uff01bang', 'İstanbul', 'naïve', 'a"quote', "it's", 'back\\slash', 'line\nbreak', 'tab\there', 'null'];
const NUM_STRINGS = ['200', '404', '500', '1.5', '-3', ' 12 ', '007', '1e3', '2.50', '.5', '1.', '0', '-0', '0x10', '1_000',
  '+5', '12abc', '3.0', '1e-5', '9999999999999999'];
const NUMBERS = [0, 1, -1, 2, 3, 7, 12, 42, 200, 201, 404, 500, 503, 1.5, 2.5, -3, 0.1, 0.30000000000000004, 1e-5, 123.456,
  1e15, 1.5e16, 99.99, 1000, 250.75, -0.5];
const IPS = ['10.1.2.3', '192.168.0.1', '172.16.5.4', '8.8.8.8', '256.1.1.1', '01.2.3.4', '::1', '2001:db8::7', 'fe80::1',
  '2001:db8:0:0:0:0:0:1', 'not-an-ip', '1.2.3'];
const LEVELS = ['error', 'warn', 'info', 'debug', 'fatal', 'trace'];
const ROUTES = ['/api/checkout', '/api/cart', '/login', '/api/checkout/confirm', '/health', '/ü/path'];

function anyScalar(r: Rng): unknown {
  switch (int(r, 7)) {
    case 0:
      return pick(r, NUMBERS);
    case 1:
      return pick(r, NUM_STRINGS);
    case 2:
      return pick(r, WORDS);
    case 3:
      return chance(r, 0.5);
    case 4:
      return null;
    case 5:
      return int(r, 1000) - 100;
    default:
      return pick(r, [...WORDS, ...NUM_STRINGS]);
  }
}

/** One raw event (as a producer sends it): hot and non-hot fields, some missing, some odd types. */
export function genRawEvent(r: Rng, eid: number, timestamp: number): Record<string, unknown> | string {
  const o: Record<string, unknown> = { eid, timestamp };
  const maybe = (p: number, key: string, v: () => unknown) => {
    if (chance(r, p)) o[key] = v();
  };
  maybe(0.8, 'level', () => (chance(r, 0.9) ? pick(r, LEVELS) : pick(r, ['ERROR', 'Warning', 30, true])));
  maybe(0.6, 'route', () => (chance(r, 0.9) ? pick(r, ROUTES) : anyScalar(r)));
  maybe(0.5, 'method', () => (chance(r, 0.9) ? pick(r, ['GET', 'POST', 'PUT']) : anyScalar(r)));
  maybe(0.3, 'event', () => pick(r, ['click', 'view', 'purchase', 'error', '']));
  maybe(0.3, 'feature', () => pick(r, ['gradebook', 'chat', 'export', 'Chat']));
  maybe(0.6, 'status', () => (chance(r, 0.8) ? pick(r, [200, 201, 204, 301, 400, 404, 500, 503]) : pick(r, ['503', 'teapot', '200 ', 4.5, null])));
  maybe(0.5, 'duration_ms', () => (chance(r, 0.85) ? Math.round(r() * 5000) / (chance(r, 0.5) ? 1 : 10) : pick(r, ['12', 'slow', null])));
  maybe(0.6, pick(r, ['user.id', 'userId', 'user_id']), () => (chance(r, 0.5) ? `u${int(r, 20)}` : int(r, 20)));
  maybe(0.3, 'request.id', () => `r-${int(r, 50)}`);
  maybe(0.2, 'trace.id', () => pick(r, ['abc123', 'ABC123', '42', '']));
  maybe(0.5, 'n', () => pick(r, NUMBERS));
  maybe(0.5, 'ns', () => pick(r, NUM_STRINGS));
  maybe(0.5, 's', () => pick(r, WORDS));
  maybe(0.4, 'b', () => chance(r, 0.5));
  maybe(0.6, 'mixed', () => anyScalar(r));
  maybe(0.3, 'ip', () => pick(r, IPS));
  maybe(0.3, 'nested', () => ({ a: { b: anyScalar(r) }, c: pick(r, WORDS) }));
  maybe(0.2, 'tags', () => [pick(r, WORDS), anyScalar(r)]);
  maybe(0.2, 'nul', () => null);
  maybe(0.2, 'msg', () => pick(r, WORDS));
  maybe(0.1, 'source', () => pick(r, ['web', 'batch', 5, '']));
  maybe(0.1, 'stream', () => pick(r, ['i-1', 'i-2']));
  // A few plain-text lines: no fields at all.
  if (chance(r, 0.05)) return `${new Date(timestamp).toISOString()} plain line ${pick(r, WORDS)} eid=${eid}`;
  return o;
}

// ---------------------------------------------------------------------------------------------
// Expressions

const field = (...path: string[]): Expr => ({ kind: 'field', path });
const str = (value: string): Expr => ({ kind: 'string', value });
const num = (value: number): Expr => ({ kind: 'number', value });
const call = (name: string, ...args: Expr[]): Expr => ({ kind: 'call', name, args });
const bin = (op: Extract<Expr, { kind: 'binary' }>['op'], left: Expr, right: Expr): Expr => ({ kind: 'binary', op, left, right });

const FIELDS: Expr[] = [
  field('level'), field('route'), field('method'), field('event'), field('feature'), field('status'), field('duration_ms'),
  field('user', 'id'), field('userId'), field('request', 'id'), field('trace', 'id'), field('n'), field('ns'), field('s'),
  field('b'), field('mixed'), field('ip'), field('nested', 'a', 'b'), field('nested', 'c'), field('tags', '0'),
  field('tags', '1'), field('nul'), field('missing'), field('message'), field('msg'), field('@message'), field('@log'),
  field('@logStream'), field('@timestamp'), field('@ingestionTime'), field('source'), field('stream'), field('logStream'),
  field('@fingerprint'),
];
const REGEXES = ['error', '(?i)error', '^/api/', 'checkout$', '\\d+', '^\\s*\\d+\\s*$', '[A-Z]{2,}', 'é', '(?i)ÉCOLE', '.',
  '^$', 'a.b', '\\bGET\\b', 'u1[0-9]', '[[:alpha:]]+', '\\pL', '😀', '^.{3}$', 'x|y', '\\.', 'r-\\d{2}', '(?i)straSSe',
  '\\Qa.b\\E', 'ü', '^-', '[^a-z]', '\\S\\s\\S', 'line.break', '(?s)line.break', '\\x41', '\\w+\\W', '^(?:GET|POST)$',
  '(?P<g>u\\d)', 'İ', '(?i)i̇'];

function literal(r: Rng): Expr {
  switch (int(r, 6)) {
    case 0:
    case 1:
      return num(pick(r, NUMBERS));
    case 2:
      return str(pick(r, NUM_STRINGS));
    case 3:
      return str(pick(r, [...WORDS, ...LEVELS, ...ROUTES, 'u1', 'u12', 'r-7']));
    case 4:
      return { kind: 'boolean', value: chance(r, 0.5) };
    default:
      return chance(r, 0.8) ? num(int(r, 600) - 50) : { kind: 'duration', value: pick(r, [1, 5]), unit: pick(r, ['s', 'm', 'ms']) };
  }
}

const STRING_FNS = ['strlen', 'toupper', 'tolower', 'trim', 'ltrim', 'rtrim', 'isempty', 'isblank'];
const NUM_FNS = ['abs', 'ceil', 'floor', 'round', 'sqrt', 'log', 'toNumber', 'toInt'];

/** A value-producing expression. */
export function genValue(r: Rng, depth: number): Expr {
  if (depth <= 0 || chance(r, 0.6)) return chance(r, 0.65) ? pick(r, FIELDS) : literal(r);
  const sub = () => genValue(r, depth - 1);
  switch (int(r, 11)) {
    case 0:
    case 1: {
      const op = pick(r, ['+', '-', '*', '/', '%', '^'] as const);
      // Exponents that overflow (±inf, NaN → null) as well as ordinary ones.
      return op === '^' && chance(r, 0.5) ? bin(op, sub(), num(pick(r, [0, 1, 2, 0.5, -1, 400, 1 / 3]))) : bin(op, sub(), sub());
    }
    case 2:
      return call(pick(r, STRING_FNS), sub());
    case 3:
      return call(pick(r, NUM_FNS), sub());
    case 4:
      return chance(r, 0.5) ? call('trim', sub(), str(pick(r, ['xy', ' /', 'e', '']))) : call('round', sub(), num(pick(r, [0, 1, 2, -1])));
    case 5:
      // IP tests compile to heavy SQL (IPv6 especially): keep them rare so the test stays fast.
      if (chance(r, 0.7)) return call('ispresent', pick(r, FIELDS));
      return chance(r, 0.6)
        ? call('substr', sub(), num(pick(r, [0, 1, 2, -1, -3, 10, 1.7])), ...(chance(r, 0.5) ? [num(pick(r, [0, 1, 3, -2]))] : []))
        : call('replace', sub(), str(pick(r, ['a', '', '/', 'é'])), str(pick(r, ['X', '', 'ü'])));
    case 6:
      return call('concat', sub(), sub(), ...(chance(r, 0.3) ? [sub()] : []));
    case 7:
      return call(pick(r, ['greatest', 'least']), sub(), sub(), ...(chance(r, 0.3) ? [sub()] : []));
    case 8:
      return call('coalesce', sub(), sub());
    case 9:
      return { kind: 'unary', op: '-', operand: sub() };
    default: {
      const name = pick(r, ['strcontains', 'startsWith', 'endsWith']);
      return call(name, sub(), chance(r, 0.6) ? str(pick(r, ['e', 'E', '/api', 'u1', '1', ''])) : sub(),
        ...(name === 'strcontains' && chance(r, 0.3) ? [chance(r, 0.7) ? { kind: 'boolean', value: chance(r, 0.5) } as Expr : sub()] : []));
    }
  }
}

/** A condition: what follows `filter`. */
export function genCond(r: Rng, depth: number): Expr {
  const sub = () => genCond(r, depth - 1);
  const leaf = depth <= 0 || chance(r, 0.45);
  const choice = leaf ? int(r, 7) : 7 + int(r, 4);
  switch (choice) {
    case 0:
    case 1: {
      const op = pick(r, ['=', '!=', '<', '<=', '>', '>='] as const);
      const a = genValue(r, 1);
      const b = chance(r, 0.7) ? literal(r) : genValue(r, 1);
      return chance(r, 0.2) ? bin(op, b, a) : bin(op, a, b);
    }
    case 2: {
      const op = pick(r, ['like', 'not like', '=~'] as const);
      const right: Expr = chance(r, 0.55) ? { kind: 'regex', pattern: pick(r, REGEXES) }
        : chance(r, 0.85) ? str(pick(r, ['e', 'rr', '/api', 'E', '', 'é', '1', 'ru', ' ', 'u1'])) : pick(r, FIELDS);
      return bin(op, genValue(r, chance(r, 0.8) ? 0 : 1), right);
    }
    case 3: {
      const items = Array.from({ length: int(r, 4) }, () => literal(r));
      return bin(chance(r, 0.7) ? 'in' : 'not in', genValue(r, chance(r, 0.8) ? 0 : 1), { kind: 'list', items });
    }
    case 4:
      return call(pick(r, ['ispresent', 'isempty', 'isblank']), genValue(r, 1));
    case 5:
      // IP tests compile to heavy SQL (IPv6 especially): keep them rare so the test stays fast.
      if (chance(r, 0.7)) return call('ispresent', pick(r, FIELDS));
      return chance(r, 0.6)
        ? call(pick(r, ['isValidIp', 'isValidIpV4', 'isValidIpV6']), pick(r, [field('ip'), field('mixed'), field('s')]))
        : chance(r, 0.7)
          ? call(pick(r, ['isIpInSubnet', 'isIpv4InSubnet']), pick(r, [field('ip'), field('mixed')]), str(pick(r, ['10.0.0.0/8', '192.168.0.0/16', '8.8.8.8/32', '172.16.0.0/12'])))
          : call(pick(r, ['isIpInSubnet', 'isIpv6InSubnet']), field('ip'), str(pick(r, ['2001:db8::/32', 'fe80::/10', '::1/128', '2001:db8::/127'])));
    case 6:
      // A bare value as a condition: truthiness.
      return genValue(r, 1);
    case 7:
    case 8:
      return bin(chance(r, 0.5) ? 'and' : 'or', sub(), sub());
    case 9:
      return { kind: 'unary', op: 'not', operand: sub() };
    default:
      return bin(chance(r, 0.5) ? 'and' : 'or', sub(), { kind: 'unary', op: 'not', operand: sub() });
  }
}
