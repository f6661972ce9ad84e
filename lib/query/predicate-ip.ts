// IP address tests for the JS predicate, the same definitions as the SQL engine
// (server/store/duckdb/query/fn-ip.ts): IPv4 as a number, IPv6 as its 32 hex digits.
import { arity, type FnCompiler, PredicateError, textOf } from './predicate-node';

const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const V4 = new RegExp(`^(${OCTET}\\.){3}${OCTET}$`);
const H = '[0-9a-fA-F]{1,4}';
const V6 = new RegExp(`^((${H}:){7}${H}|(${H}:){1,7}:|(${H}:){1,6}:${H}|(${H}:){1,5}(:${H}){1,2}|(${H}:){1,4}(:${H}){1,3}` +
  `|(${H}:){1,3}(:${H}){1,4}|(${H}:){1,2}(:${H}){1,5}|${H}:(:${H}){1,6}|:((:${H}){1,7}|:))$`);

export const isIPv4 = (s: string): boolean => V4.test(s);
export const isIPv6 = (s: string): boolean => V6.test(s);

export interface Cidr {
  v: 4 | 6;
  lo?: number;
  hi?: number;
  hex?: string;
  bits: number;
}

/** `192.0.2.0/24` or `2001:db8::/32` (a bare address is a /32 or /128). */
export function parseCidr(cidr: string): Cidr | undefined {
  const [addr, len] = cidr.split('/');
  const m4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(addr ?? '');
  if (m4) {
    const bits = len === undefined ? 32 : Number(len);
    const octets = m4.slice(1).map(Number);
    if (!(bits >= 0 && bits <= 32) || octets.some((o) => o > 255)) return undefined;
    const n = octets.reduce((a, o) => a * 256 + o, 0);
    const size = 2 ** (32 - bits);
    const lo = Math.floor(n / size) * size;
    return { v: 4, lo, hi: lo + size - 1, bits };
  }
  const bits = len === undefined ? 128 : Number(len);
  if (!addr || !/^[0-9a-fA-F:]+$/.test(addr) || !(bits >= 0 && bits <= 128)) return undefined;
  const hex = v6Hex(addr);
  return hex === undefined ? undefined : { v: 6, hex, bits };
}

function v4Number(s: string): number {
  return s.split('.').reduce((a, o) => a * 256 + Number(o), 0);
}

/** The 32 lower-case hex digits of an IPv6 address ('::' expanded), or undefined. */
function v6Hex(addr: string): string | undefined {
  const [head, tail] = addr.includes('::') ? addr.split('::') : [addr, undefined];
  const hs = head ? head.split(':').filter((g) => g !== '') : [];
  const ts = tail ? tail.split(':').filter((g) => g !== '') : [];
  const fill = tail === undefined ? [] : Array.from({ length: Math.max(0, 8 - hs.length - ts.length) }, () => '0');
  const groups = [...hs, ...fill, ...ts];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return groups.map((g) => g.toLowerCase().padStart(4, '0')).join('');
}

/** Whether the text `s` is an address inside `cidr` (false for anything that is not an address). */
export function ipInCidr(s: string, cidr: Cidr): boolean {
  if (cidr.v === 4) {
    if (!isIPv4(s)) return false;
    const n = v4Number(s);
    return n >= (cidr.lo as number) && n <= (cidr.hi as number);
  }
  if (!isIPv6(s)) return false;
  const h = v6Hex(s);
  if (h === undefined) return false;
  const want = cidr.hex as string;
  const full = Math.floor(cidr.bits / 4);
  const rest = cidr.bits % 4;
  if (h.slice(0, full) !== want.slice(0, full)) return false;
  if (rest > 0) {
    const mask = (0xf << (4 - rest)) & 0xf;
    return (parseInt(h[full], 16) & mask) === (parseInt(want[full], 16) & mask);
  }
  return true;
}

/** A subnet argument must be a quoted literal, as in the SQL engine. */
function subnetFn(only?: 4 | 6): FnCompiler {
  return (args, c, call) => {
    arity(call, 2);
    const arg = args[1];
    if (arg.kind !== 'string') throw new PredicateError(`${call.name}() subnet must be a quoted string`, arg.span);
    const cidr = parseCidr(arg.value);
    if (!cidr || (only && cidr.v !== only)) {
      throw new PredicateError(`${call.name}() needs an IPv${only ?? '4 or IPv6'} subnet such as ${only === 6 ? '2001:db8::/32' : '192.0.2.0/24'}`, arg.span);
    }
    const s = textOf(c(args[0]));
    return (e) => {
      const v = s(e);
      return v !== null && ipInCidr(v, cidr);
    };
  };
}

function ipTest(test: (s: string) => boolean): FnCompiler {
  return (args, c, call) => {
    arity(call, 1);
    const s = textOf(c(args[0]));
    return (e) => {
      const v = s(e);
      return v === null ? null : test(v);
    };
  };
}

export const IP_FUNCTIONS: Readonly<Record<string, FnCompiler>> = {
  isValidIp: ipTest((s) => isIPv4(s) || isIPv6(s)),
  isValidIpV4: ipTest(isIPv4),
  isValidIpV6: ipTest(isIPv6),
  isIpInSubnet: subnetFn(),
  isIpv4InSubnet: subnetFn(4),
  isIpv6InSubnet: subnetFn(6),
};
