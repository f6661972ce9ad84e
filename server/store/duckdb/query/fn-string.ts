// String and hash functions (reference §5.6). Every argument is read as text first, so numbers
// print in shortest form and maps/lists are null, as the reference says.
import { invalid } from './errors';
import { arity, flag, num, str, type FnImpl } from './fn-types';
import { translateRegex } from './operators';
import { readsNum, text, truthy } from './values';

const WHITESPACE = { l: "'^\\s+'", r: "'\\s+$'" };

function trimFn(side: 'l' | 'r' | 'both'): FnImpl {
  const fn = side === 'l' ? 'ltrim' : side === 'r' ? 'rtrim' : 'trim';
  return (args, c, _env, call) => {
    arity(call, 1, 2);
    const s = text(c(args[0]));
    if (args.length === 2) return str(`${fn}(${s}, ${text(c(args[1]))})`);
    // Without characters the reference trims white space (DuckDB's default is spaces only).
    if (side === 'l') return str(`regexp_replace(${s}, ${WHITESPACE.l}, '')`);
    if (side === 'r') return str(`regexp_replace(${s}, ${WHITESPACE.r}, '')`);
    return str(`regexp_replace(regexp_replace(${s}, ${WHITESPACE.l}, ''), ${WHITESPACE.r}, '')`);
  };
}

const unary = (f: (s: string) => string, make = str): FnImpl => (args, c, _env, call) => {
  arity(call, 1);
  return make(f(text(c(args[0]))));
};

export const STRING_FUNCTIONS: Record<string, FnImpl> = {
  isempty: unary((s) => `CASE WHEN coalesce(${s}, '') = '' THEN 1 ELSE 0 END`, num),
  isblank: unary((s) => `CASE WHEN regexp_matches(coalesce(${s}, ''), '^\\s*$') THEN 1 ELSE 0 END`, num),
  concat: (args, c, _env, call) => {
    arity(call, 1, Infinity);
    return str(`concat(${args.map((a) => text(c(a))).join(', ')})`);
  },
  ltrim: trimFn('l'),
  rtrim: trimFn('r'),
  trim: trimFn('both'),
  strlen: unary((s) => `length(${s})`, num),
  toupper: unary((s) => `upper(${s})`),
  tolower: unary((s) => `lower(${s})`),
  substr: (args, c, _env, call) => {
    arity(call, 2, 3);
    const s = text(c(args[0]));
    // 0-based in the reference, 1-based in SQL.
    const start = `TRY_CAST(trunc(${readsNum(c(args[1]))}) AS BIGINT) + 1`;
    if (args.length === 2) return str(`substr(${s}, ${start})`);
    return str(`substr(${s}, ${start}, greatest(TRY_CAST(trunc(${readsNum(c(args[2]))}) AS BIGINT), 0))`);
  },
  replace: (args, c, _env, call) => {
    arity(call, 3);
    return str(`replace(${text(c(args[0]))}, ${text(c(args[1]))}, ${text(c(args[2]))})`);
  },
  regexReplace: (args, c, env, call) => {
    arity(call, 3);
    const p = args[1];
    const source = p.kind === 'regex' ? p.pattern : p.kind === 'string' ? p.value : undefined;
    if (source === undefined) throw invalid('regexReplace() needs its pattern as a /regex/ or a quoted string', p.span);
    const { body, flags } = translateRegex(source, p.span);
    // RE2 replacement syntax is \1; accept the $1 spelling too.
    const repl = args[2];
    const replacement = repl.kind === 'string' ? env.params.str(repl.value.replace(/\$(\d)/g, '\\$1')) : text(c(repl));
    return str(`regexp_replace(${text(c(args[0]))}, ${env.params.constStr(body)}, ${replacement}, '${flags}g')`);
  },
  strcontains: (args, c, _env, call) => {
    arity(call, 2, 3);
    const s = text(c(args[0]));
    const v = text(c(args[1]));
    if (args.length === 3) {
      const ci = truthy(c(args[2]));
      return flag(`CASE WHEN ${ci} THEN contains(lower(${s}), lower(${v})) ELSE contains(${s}, ${v}) END`);
    }
    return flag(`contains(${s}, ${v})`);
  },
  startsWith: (args, c, _env, call) => {
    arity(call, 2);
    return flag(`starts_with(${text(c(args[0]))}, ${text(c(args[1]))})`);
  },
  endsWith: (args, c, _env, call) => {
    arity(call, 2);
    return flag(`suffix(${text(c(args[0]))}, ${text(c(args[1]))})`);
  },
  urlencode: unary((s) => `url_encode(${s})`),
  urldecode: unary((s) => `try(url_decode(${s}))`),
  base64encode: unary((s) => `to_base64(encode(${s}))`),
  base64decode: unary((s) => `try(decode(from_base64(${s})))`),
  split: (args, c, _env, call) => {
    arity(call, 2);
    return { sql: `to_json(string_split(${text(c(args[0]))}, ${text(c(args[1]))}))::VARCHAR`, t: 'struct' };
  },
  hexToAscii: unary((s) => `try(decode(unhex(regexp_replace(${s}, '^0[xX]', ''))))`),
  hexToDec: unary((s) => `TRY_CAST(TRY_CAST('0x' || regexp_replace(${s}, '^0[xX]', '') AS BIGINT) AS DOUBLE)`, num),
  decToHex: (args, c, _env, call) => {
    arity(call, 1);
    const n = `TRY_CAST(trunc(${readsNum(c(args[0]))}) AS BIGINT)`;
    return str(`CASE WHEN ${n} < 0 THEN '-0x' || lower(to_hex(-${n})) ELSE '0x' || lower(to_hex(${n})) END`);
  },
  md5: unary((s) => `md5(${s})`),
  sha256: unary((s) => `sha256(${s})`),
};
