// Numeric (§5.1), general (§5.3) and JSON (§5.4) functions.
import { invalid } from './errors';
import { arity, bool, num, str, type FnImpl } from './fn-types';
import { constNum } from './scope';
import { readsNum, text, truthy, unify, type Val } from './values';

const n1 = (f: (x: string) => string): FnImpl => (args, c, _env, call) => {
  arity(call, 1);
  return num(f(readsNum(c(args[0]))));
};
const nN = (fn: 'greatest' | 'least'): FnImpl => (args, c, _env, call) => {
  arity(call, 1, Infinity);
  return num(`${fn}(${args.map((a) => readsNum(c(a))).join(', ')})`);
};

/** A JSON text of an object or array, else NULL (jsonParse's "empty value"). */
function parseJson(v: Val): Val {
  if (v.t === 'struct') return v;
  const t = text(v);
  return { sql: `CASE WHEN json_valid(${t}) AND left(ltrim(${t}), 1) IN ('{', '[') THEN json(${t})::VARCHAR END`, t: 'struct' };
}

function arrayOf(v: Val): string {
  return v.t === 'struct' ? v.sql : text(v);
}

export const GENERAL_FUNCTIONS: Record<string, FnImpl> = {
  abs: n1((x) => `abs(${x})`),
  ceil: n1((x) => `ceil(${x})`),
  floor: n1((x) => `floor(${x})`),
  sqrt: n1((x) => `CASE WHEN ${x} >= 0 THEN sqrt(${x}) END`),
  log: n1((x) => `CASE WHEN ${x} > 0 THEN ln(${x}) END`),
  greatest: nN('greatest'),
  least: nN('least'),
  round: (args, c, _env, call) => {
    arity(call, 1, 2);
    const x = readsNum(c(args[0]));
    return num(args.length === 1 ? `round(${x})` : `round(${x}, TRY_CAST(trunc(${readsNum(c(args[1]))}) AS INTEGER))`);
  },
  haversine: (args, c, _env, call) => {
    arity(call, 4);
    const [lat1, lon1, lat2, lon2] = args.map((a) => `radians(${readsNum(c(a))})`);
    return num(`(2 * 6371 * asin(sqrt(power(sin((${lat2} - ${lat1}) / 2), 2) + ` +
      `cos(${lat1}) * cos(${lat2}) * power(sin((${lon2} - ${lon1}) / 2), 2))))`);
  },
  toNumber: n1((x) => x),
  toDouble: n1((x) => x),
  toInt: n1((x) => `CASE WHEN ${x} BETWEEN -2147483648 AND 2147483647 THEN trunc(${x}) END`),
  toLong: n1((x) => `CASE WHEN ${x} BETWEEN -9223372036854775808 AND 9223372036854775807 THEN trunc(${x}) END`),

  ispresent: (args, c, _env, call) => {
    arity(call, 1);
    return bool(`(${c(args[0]).sql} IS NOT NULL)`);
  },
  coalesce: (args, c, _env, call) => {
    arity(call, 1, Infinity);
    const u = unify(args.map(c));
    return { sql: `coalesce(${u.sqls.join(', ')})`, t: u.t, ...(u.time ? { time: true } : {}) };
  },
  case: (args, c, _env, call) => {
    arity(call, 2, 21);
    const conds: string[] = [];
    const vals: Val[] = [];
    for (let i = 0; i + 1 < args.length; i += 2) {
      conds.push(truthy(c(args[i])));
      vals.push(c(args[i + 1]));
    }
    const fallback = args.length % 2 === 1 ? c(args[args.length - 1]) : undefined;
    const u = unify(fallback ? [...vals, fallback] : vals);
    const whens = conds.map((cond, i) => `WHEN ${cond} THEN ${u.sqls[i]}`).join(' ');
    return { sql: `CASE ${whens}${fallback ? ` ELSE ${u.sqls[u.sqls.length - 1]}` : ''} END`, t: u.t, ...(u.time ? { time: true } : {}) };
  },
  if: (args, c, _env, call) => {
    arity(call, 3);
    const u = unify([c(args[1]), c(args[2])]);
    return { sql: `CASE WHEN ${truthy(c(args[0]))} THEN ${u.sqls[0]} ELSE ${u.sqls[1]} END`, t: u.t, ...(u.time ? { time: true } : {}) };
  },
  isNumeric: (args, c, _env, call) => {
    arity(call, 1);
    return bool(`(${readsNum(c(args[0]))} IS NOT NULL)`);
  },
  messageSize: (args, c, _env, call) => {
    arity(call, 1);
    return num(`strlen(${text(c(args[0]))})`);
  },
  queryStartTime: (_a, _c, env, call) => {
    arity(call, 0);
    return constNum(env.clock.start);
  },
  queryEndTime: (_a, _c, env, call) => {
    arity(call, 0);
    return constNum(env.clock.end);
  },
  queryTimeRange: (_a, _c, env, call) => {
    arity(call, 0);
    return constNum(env.clock.end - env.clock.start);
  },

  jsonParse: (args, c, _env, call) => {
    arity(call, 1);
    return parseJson(c(args[0]));
  },
  jsonStringify: (args, c, _env, call) => {
    arity(call, 1);
    const v = c(args[0]);
    if (v.t !== 'struct' && v.t !== 'json') throw invalid('jsonStringify() takes a map or list (from jsonParse)', call.span);
    return str(`CASE WHEN left(${v.sql}, 1) IN ('{', '[') THEN ${v.sql} END`);
  },
  jsonArraySize: (args, c, _env, call) => {
    arity(call, 1);
    const t = arrayOf(c(args[0]));
    return num(`CASE WHEN json_valid(${t}) AND json_type(${t}) = 'ARRAY' THEN json_array_length(${t}) END`);
  },
  jsonArrayContains: (args, c, _env, call) => {
    arity(call, 2);
    const t = arrayOf(c(args[0]));
    const v = text(c(args[1]));
    return bool(`CASE WHEN json_valid(${t}) AND json_type(${t}) = 'ARRAY' ` +
      `THEN coalesce(list_contains(json_extract_string(${t}, '$[*]'), ${v}), FALSE) ELSE FALSE END`);
  },
};
