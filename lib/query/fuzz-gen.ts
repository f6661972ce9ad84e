// Seeded generators for the fuzz test: grammar-valid random queries, mutations of real ones,
// and token soups. Test support only.

export type Rng = () => number;

/** mulberry32: small, fast, deterministic. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const int = (r: Rng, n: number): number => Math.floor(r() * n);
export const pick = <T>(r: Rng, xs: readonly T[]): T => xs[int(r, xs.length)];

const NAMES = ['a', 'b', 'status', '@timestamp', '@message', 'user.id', 'items.0.id', '`foo-bar`', '@`k:v`', 'j.`x.y`',
  '`desc`', '`count`', 'ünï', '`a``b`', 'req.headers.host', '@log'];
const ALIASES = ['x', 'total', '`my alias`', '@t', 'a.b', '`as`', 'ms'];
const STRINGS = ['"x"', "'y'", '"with \\"quotes\\""', "'it\\'s'", '"tab\\tnl\\n"', '"#not|a comment"', '"back\\\\slash"', '""', '"ü 日本"'];
const REGEXES = ['/abc/', '/(?i)exc/', '/a\\/b/', '/\\d+#x/', '/(?<g>[^ ]+)/'];
const UNITS = ['ms', 's', 'm', 'h', 'd', 'w', 'mo', 'q', 'y', 'min', 'hrs', 'days'];
const FUNCS = ['abs', 'strlen', 'concat', 'ispresent', 'jsonParse', 'toupper', 'coalesce', 'datefloor', 'isIpv4InSubnet', 'myFunc'];
const AGGS = ['count', 'avg', 'sum', 'min', 'max', 'pct', 'count_distinct', 'stddev', 'latest'];
const CMP = ['=', '!=', '<', '<=', '>', '>=', 'like', 'not like', '=~', 'in', 'not in'];
const ARITH = ['+', '-', '*', '/', '%', '^'];

function num(r: Rng): string {
  return pick(r, ['0', '1', '42', '3.5', '1e3', '2.5e-3', '123456789012', '-7', '0.1']);
}

/** A random expression; compound parts get parentheses only sometimes, `not` always. */
export function genExpr(r: Rng, depth: number): string {
  if (depth <= 0 || r() < 0.25) {
    switch (int(r, 6)) {
      case 0: return pick(r, NAMES);
      case 1: return num(r);
      case 2: return pick(r, STRINGS);
      case 3: return `${pick(r, ['1', '5', '30', '1.5'])}${pick(r, UNITS)}`;
      case 4: return pick(r, ['true', 'FALSE', 'now', 'now()']);
      default: return pick(r, NAMES);
    }
  }
  const sub = (): string => genExpr(r, depth - 1);
  const maybeParen = (s: string): string => (r() < 0.5 ? `(${s})` : s);
  switch (int(r, 10)) {
    case 0:
    case 1: return maybeParen(`${sub()} ${pick(r, ARITH)} ${sub()}`);
    case 2: {
      const op = pick(r, CMP);
      if (op === 'in' || op === 'not in') return maybeParen(`${sub()} ${op} [${sub()}, ${sub()}]`);
      if (op === 'like' || op === '=~' || op === 'not like') return maybeParen(`${sub()} ${op} ${pick(r, [...REGEXES, ...STRINGS])}`);
      return maybeParen(`${sub()} ${op} ${sub()}`);
    }
    case 3: return maybeParen(`${sub()} ${pick(r, ['and', 'or', 'AND', 'Or'])} ${sub()}`);
    case 4: return `(${pick(r, ['not', 'NOT', '!'])} ${sub()})`;
    case 5: return `-${pick(r, NAMES.slice(0, 3))}`;
    case 6: return `${pick(r, FUNCS)}(${Array.from({ length: int(r, 3) }, sub).join(', ')})`;
    case 7: return `${pick(r, ['jsonParse(a)', 'x[0]', '(a)', '(5)', '(-1.5)', '"s"', 'true', '5m', 'now'])}.${pick(r, ['b', '`c.d`', '0', '1e5', '`and`'])}`;
    case 8: return `${pick(r, NAMES.slice(0, 5))}[${sub()}]`;
    default: return `[${sub()}, ${sub()}]`;
  }
}

function names(r: Rng, n: number): string {
  return Array.from({ length: n }, (_, i) => `${pick(r, ['f', 'g', 'h'])}${i}`).join(', ');
}

/** A random query that the grammar accepts. */
export function genQuery(r: Rng): string {
  const e = (): string => genExpr(r, 3);
  const field = (): string => pick(r, NAMES);
  const cmds: string[] = r() < 0.1 ? [`SOURCE ${pick(r, ['lg', "'/aws/x'", 'logGroups(namePrefix: ["a"])', "dataSource(['v'])"])}${r() < 0.5 ? ' start=-1d end=now' : ''}`] : [];
  const count = 1 + int(r, 5);
  for (let i = 0; i < count; i++) {
    const stars = 1 + int(r, 3);
    cmds.push(pick(r, [
      () => `fields ${e()}${r() < 0.5 ? ` as ${pick(r, ALIASES)}` : ''}, ${field()}`,
      () => `${pick(r, ['filter', 'where', 'FILTER'])} ${e()}`,
      () => `display ${field()}, ${e()} as ${pick(r, ALIASES)}`,
      () => `stats ${pick(r, AGGS)}(${field()}) as ${pick(r, ALIASES)}, count(*)${r() < 0.7 ? ` by bin(${pick(r, ['5m', '1h', '30s'])}), ${field()}` : ''}`,
      () => `sort ${e()} ${pick(r, ['asc', 'desc', 'DESC', ''])}`,
      () => `limit ${r() < 0.3 ? 'any ' : ''}${int(r, 10000)}`,
      () => `parse ${r() < 0.7 ? `${field()} ` : ''}"${Array.from({ length: stars }, () => 'k=*').join(' ')}" as ${names(r, stars)}`,
      () => `parse ${field()} ${pick(r, REGEXES)}${r() < 0.3 ? ' multi' : ''}`,
      () => `parse @message ${pick(r, ['logfmt as lf', 'csv as a, b, c'])}`,
      () => `json field=${field()} "a.b" as ${pick(r, ALIASES)}`,
      () => `dedup ${field()}, ${field()}`,
      () => `unnest ${field()} into ev`,
      () => `pattern ${field()}`,
      () => pick(r, ['anomaly', 'diff', 'diff previousMonth', 'unmask', 'logcompare timeshift 7d']),
      () => `filterIndex ${field()} ${r() < 0.5 ? '= "v"' : 'in ["a", 2]'}`,
      () => `lookup tbl ${field()} as ${field()} OUTPUT ${names(r, 2)}`,
      () => `join type=left left=l right=r where l.id = r.id (SOURCE 'other' | filter ${e()})`,
      () => `addtotals fieldname=T row=true ${names(r, 2)}`,
      () => `accum ${field()} as acc`,
      () => `autoregress ${field()} p=1-3`,
      () => `filldown ${field()} ${pick(r, ['cpu*', '`.x`*', '`5a`*b', 'a*.5', '*', '`a-b`*.c*'])} ${field()}`,
      () => `fillmissing with 0 for ${field()}, "x" for ${field()}`,
      () => `cidrlookup t ${field()} OUTPUTNEW region as r`,
      () => `outlier action=remove param=3 ${field()} ${field()}`,
      () => `appendcols max=5 (stats count(*) by ${field()})`,
      () => `sessionize ${field()} maxspan 30m as s`,
      () => `countFrequent ${field()}`,
      () => `filter ${field()} in (SOURCE lg | fields ${field()})`,
    ])());
  }
  const sep = (): string => pick(r, [' | ', '\n| ', '|', ' |\n  ', ' # c\n| ']);
  return cmds.reduce((acc, c, i) => (i === 0 ? c : acc + sep() + c), '');
}

const SOUP = ['fields', 'filter', 'stats', 'sort', 'limit', 'parse', 'by', 'as', 'and', 'or', 'not', 'like', 'in', 'desc',
  'SOURCE', 'join', 'where', '(', ')', '[', ']', ',', '|', '.', '=', '!=', '=~', '<', '>=', '+', '-', '*', '/', '^', '%',
  '!', ':', '"s"', "'t'", '`q`', '@`x`', '/re/', '5m', '1.5', '-2', 'a', '@b', 'c.d', 'count', 'now', 'true', '#c\n',
  '\n', 'bin(1h)', 'logGroups(', 'any', 'multi', 'into', 'OUTPUT', 'with', 'for', 'p=', 'max=', 'type=', '"', "'", '`', '/'];

export function genSoup(r: Rng): string {
  return Array.from({ length: 1 + int(r, 25) }, () => pick(r, SOUP)).join(pick(r, [' ', '', ' ', '\t']));
}

const TOKEN_RE = /\s+|`(?:[^`]|``)*`|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\/(?:[^/\\\n]|\\.)*\/|[\p{L}_@][\p{L}\p{N}_@.]*|\d[\w.]*|!=|<=|>=|=~|./gu;
const CHARS = '|()[]{}"\'`/\\#*.,=!<>~-+^%@:; \n\taZ09_éú\u2028\ud800\0';

/** Deletes, inserts, duplicates or swaps characters or tokens of `text`. */
export function mutate(r: Rng, text: string): string {
  if (r() < 0.5) {
    let s = text;
    for (let k = 1 + int(r, 3); k > 0; k--) {
      const i = int(r, s.length + 1);
      switch (int(r, 4)) {
        case 0: s = s.slice(0, i) + s.slice(i + 1 + int(r, 3)); break;
        case 1: s = s.slice(0, i) + CHARS[int(r, CHARS.length)] + s.slice(i); break;
        case 2: s = s.slice(0, i) + s.slice(i, i + int(r, 6)) + s.slice(i); break;
        default: {
          const j = int(r, s.length + 1);
          const [x, y] = i < j ? [i, j] : [j, i];
          if (y < s.length) s = s.slice(0, x) + s[y] + s.slice(x + 1, y) + s[x] + s.slice(y + 1);
        }
      }
    }
    return s;
  }
  const toks = text.match(TOKEN_RE) ?? [];
  for (let k = 1 + int(r, 3); k > 0; k--) {
    const i = int(r, toks.length + 1);
    switch (int(r, 4)) {
      case 0: toks.splice(i, 1); break;
      case 1: toks.splice(i, 0, pick(r, SOUP), r() < 0.5 ? ' ' : ''); break;
      case 2: if (toks.length > 0) toks.splice(i, 0, toks[int(r, toks.length)]); break;
      default: {
        const j = int(r, toks.length);
        if (i < toks.length) [toks[i], toks[j]] = [toks[j], toks[i]];
      }
    }
  }
  return toks.join('');
}
