// IP address functions (reference §5.5). IPv4 is compared as a number, IPv6 as its 32 hex
// digits; subnets must be literals (parsed here, so only bounds reach SQL). Embedded IPv4 in IPv6
// (::ffff:1.2.3.4) and zone ids are not recognized.
import { invalid } from './errors';
import { arity, bool, literalString, num, type FnImpl } from './fn-types';
import { text } from './values';
import { parseCidr, type Cidr } from '@/lib/query/predicate-ip';

const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const V4_RE = `'^(${OCTET}\\.){3}${OCTET}$'`;
const H = '[0-9a-fA-F]{1,4}';
const V6_RE = `'^((${H}:){7}${H}|(${H}:){1,7}:|(${H}:){1,6}:${H}|(${H}:){1,5}(:${H}){1,2}|(${H}:){1,4}(:${H}){1,3}` +
  `|(${H}:){1,3}(:${H}){1,4}|(${H}:){1,2}(:${H}){1,5}|${H}:(:${H}){1,6}|:((:${H}){1,7}|:))$'`;

const isV4 = (s: string): string => `coalesce(regexp_matches(${s}, ${V4_RE}), FALSE)`;
const isV6 = (s: string): string => `coalesce(regexp_matches(${s}, ${V6_RE}), FALSE)`;

function v4Number(s: string): string {
  return `CASE WHEN ${isV4(s)} THEN list_reduce(list_transform(string_split(${s}, '.'), o -> CAST(o AS BIGINT)), (a, b) -> a * 256 + b) END`;
}

/** The 32 lower-case hex digits of a valid IPv6 address ('::' expanded). */
function v6Hex(s: string): string {
  const parts = (n: number) => `list_filter(string_split(split_part(${s}, '::', ${n}), ':'), g -> g <> '')`;
  const groups = `CASE WHEN contains(${s}, '::') THEN list_concat(${parts(1)}, ` +
    `list_transform(range(8 - len(${parts(1)}) - len(${parts(2)})), i -> '0'), ${parts(2)}) ELSE string_split(${s}, ':') END`;
  return `array_to_string(list_transform(${groups}, g -> lpad(lower(g), 4, '0')), '')`;
}

/** `h` (32 hex digits) is inside an IPv6 cidr. Our own hex digits and counts only: safe as literals. */
function hexInCidr(h: string, cidr: Cidr): string {
  const hex = cidr.hex ?? '';
  const full = Math.floor(cidr.bits / 4);
  const rest = cidr.bits % 4;
  let cond = full > 0 ? `left(${h}, ${full}) = '${hex.slice(0, full)}'` : 'TRUE';
  if (rest > 0) {
    const mask = (0xf << (4 - rest)) & 0xf;
    const want = parseInt(hex[full], 16) & mask;
    cond += ` AND (coalesce(TRY_CAST('0x' || substr(${h}, ${full + 1}, 1) AS INTEGER), -1) & ${mask}) = ${want}`;
  }
  return `(${cond})`;
}

/**
 * SQL condition: `s` (text) is an address inside any of `cidrs`. The address is converted once and
 * bound to a lambda variable (`list_transform([x], v -> …)[1]` is SQL's missing `let`).
 */
function inCidrs(s: string, cidrs: Cidr[]): string {
  const v4 = cidrs.filter((c) => c.v === 4);
  const v6 = cidrs.filter((c) => c.v === 6);
  const parts: string[] = [];
  if (v4.length) parts.push(`coalesce(list_transform([${v4Number(s)}], v -> ${v4.map((c) => `v BETWEEN ${c.lo} AND ${c.hi}`).join(' OR ')})[1], FALSE)`);
  if (v6.length) parts.push(`(${isV6(s)} AND coalesce(list_transform([${v6Hex(s)}], h -> ${v6.map((c) => hexInCidr('h', c)).join(' OR ')})[1], FALSE))`);
  return parts.length ? `(${parts.join(' OR ')})` : 'FALSE';
}

function subnetFn(only?: 4 | 6): FnImpl {
  return (args, c, _env, call) => {
    arity(call, 2);
    const cidr = parseCidr(literalString(args[1], `${call.name}() subnet`));
    if (!cidr || (only && cidr.v !== only)) throw invalid(`${call.name}() needs an IPv${only ?? '4 or IPv6'} subnet such as ${only === 6 ? '2001:db8::/32' : '192.0.2.0/24'}`, args[1].span);
    return bool(inCidrs(text(c(args[0])), [cidr]));
  };
}

const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'];
const RESERVED = ['0.0.0.0/8', '127.0.0.0/8', '169.254.0.0/16', '100.64.0.0/10', '192.0.0.0/24', '192.0.2.0/24',
  '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '224.0.0.0/4', '240.0.0.0/4',
  '::/128', '::1/128', 'fe80::/10', 'ff00::/8', '2001:db8::/32'];

function anyOf(s: string, cidrs: string[]): string {
  return inCidrs(s, cidrs.map((x) => parseCidr(x) as Cidr));
}

const ipTest = (f: (s: string) => string): FnImpl => (args, c, _env, call) => {
  arity(call, 1);
  return bool(f(text(c(args[0]))));
};

export const IP_FUNCTIONS: Record<string, FnImpl> = {
  isValidIp: ipTest((s) => `CASE WHEN ${s} IS NOT NULL THEN ${isV4(s)} OR ${isV6(s)} END`),
  isValidIpV4: ipTest((s) => `CASE WHEN ${s} IS NOT NULL THEN ${isV4(s)} END`),
  isValidIpV6: ipTest((s) => `CASE WHEN ${s} IS NOT NULL THEN ${isV6(s)} END`),
  isIpInSubnet: subnetFn(),
  isIpv4InSubnet: subnetFn(4),
  isIpv6InSubnet: subnetFn(6),
  ipv4ToNumber: (args, c, _env, call) => {
    arity(call, 1);
    return num(`CAST(${v4Number(text(c(args[0])))} AS DOUBLE)`);
  },
  isPrivateIP: ipTest((s) => `CASE WHEN ${s} IS NOT NULL THEN ${anyOf(s, PRIVATE)} END`),
  isReservedIP: ipTest((s) => `CASE WHEN ${s} IS NOT NULL THEN ${anyOf(s, RESERVED)} END`),
  isPublicIP: ipTest((s) => `CASE WHEN ${s} IS NOT NULL THEN (${isV4(s)} OR ${isV6(s)}) AND NOT ${anyOf(s, PRIVATE)} AND NOT ${anyOf(s, RESERVED)} END`),
};
