// Aggregate, non-aggregate and time-series functions of stats (reference §5.7–5.9).
import type { CallExpr, Expr } from '@/lib/query';
import { invalid } from './errors';
import { compileExpr, type ExprEnv } from './expr';
import { timestampOf } from './fn-time';
import { arity } from './fn-types';
import { naturalKey } from './natural';
import { num as numLit } from './sql';
import { fmtNum, readsNum, text, toJson, type Val } from './values';

export interface AggregateContext {
  /** Compiles arguments over the input rows. */
  input: ExprEnv;
  /** Length of the stats' bin() period, for rate(). */
  binMs?: number;
}

const num = (sql: string): Val => ({ sql, t: 'num' });

function numberArg(e: Expr | undefined, what: string, min: number, max: number): number {
  if (!e || e.kind !== 'number' || e.value < min || e.value > max) {
    throw invalid(`${what} must be a number from ${min} to ${max}`, e?.span);
  }
  return e.value;
}

/** min/max: numeric when every value reads as a number, otherwise by text (a json-typed result). */
function extreme(fn: 'min' | 'max', v: Val): Val {
  if (v.t === 'num') return { sql: `${fn}(${v.sql})`, t: 'num', ...(v.time ? { time: true } : {}) };
  if (v.t === 'struct') return { sql: 'CAST(NULL AS VARCHAR)', t: 'json' };
  const n = readsNum(v);
  const numeric = `${fn}(${n})`;
  const textual = `${fn}(${text(v)})`;
  return {
    sql: `CASE WHEN count(${n}) = count(${v.sql}) THEN ${toJson({ sql: numeric, t: 'num' })} ELSE ${toJson({ sql: textual, t: 'str' })} END`,
    t: 'json',
  };
}

/** Value of `v` at the row with the smallest/largest `key` among rows where `v` is present. */
function valueAt(fn: 'arg_min' | 'arg_max', v: Val, key: string): Val {
  const out: Val = { sql: `${fn}(${v.sql}, ${key}) FILTER (WHERE ${v.sql} IS NOT NULL)`, t: v.t };
  if (v.time) out.time = true;
  return out;
}

/** sortsFirst/sortsLast: the value that sorts first/last in natural order. */
function sortsEdge(first: boolean, v: Val): Val {
  if (v.t === 'num') return extreme(first ? 'min' : 'max', v);
  const n = readsNum(v);
  // Struct keys order lexicographically: non-numbers (false) before numbers, then value, then text.
  const key = `{'isnum': ${n} IS NOT NULL, 'n': ${n}, 's': ${naturalKey(text(v))}}`;
  return valueAt(first ? 'arg_min' : 'arg_max', v, key);
}

export function compileAggregate(call: CallExpr, ctx: AggregateContext): Val {
  const c = (e: Expr): Val => compileExpr(e, ctx.input);
  const args = call.args;
  switch (call.name) {
    case 'count':
    case 'count_over_time':
    case 'countOverTime':
      arity(call, 0, 1);
      return num(args.length === 0 || args[0].kind === 'star' ? 'count(*)' : `count(${c(args[0]).sql})`);
    case 'count_distinct':
      arity(call, 1);
      return num(`count(DISTINCT ${c(args[0]).sql})`);
    case 'sum':
    case 'sum_over_time':
    case 'sumOverTime':
      arity(call, 1);
      return num(`sum(${readsNum(c(args[0]))})`);
    case 'avg':
      arity(call, 1);
      return num(`avg(${readsNum(c(args[0]))})`);
    case 'stddev':
      arity(call, 1);
      return num(`stddev_samp(${readsNum(c(args[0]))})`);
    case 'min':
    case 'max':
      arity(call, 1);
      return extreme(call.name, c(args[0]));
    case 'pct': {
      arity(call, 2);
      const p = numberArg(args[1], 'pct() percent', 0, 100);
      const v = c(args[0]);
      const out: Val = { sql: `quantile_disc(${readsNum(v)}, ${numLit(p / 100)})`, t: 'num' };
      if (v.time) out.time = true;
      return out;
    }
    case 'earliest':
    case 'latest': {
      arity(call, 1);
      const ts = timestampOf(ctx.input, call.span).sql;
      return valueAt(call.name === 'earliest' ? 'arg_min' : 'arg_max', c(args[0]), ts);
    }
    case 'sortsFirst':
    case 'sortsLast':
      arity(call, 1);
      return sortsEdge(call.name === 'sortsFirst', c(args[0]));
    case 'rate': {
      // Sum per `interval` (default 1s) over the bin (or the whole query range without bin()).
      arity(call, 1, 2);
      const interval = args[1] === undefined ? 1000 : periodMs(args[1]);
      const span = ctx.binMs ?? Math.max(1, ctx.input.clock.end - ctx.input.clock.start);
      return num(`(sum(${readsNum(c(args[0]))}) * ${numLit(interval / span)})`);
    }
    case 'histogram': {
      arity(call, 2);
      const buckets = numberArg(args[1], 'histogram() buckets', 1, 1000);
      return histogram(readsNum(c(args[0])), Math.floor(buckets));
    }
    default:
      throw invalid(`${call.name}() is not a stats function`, call.span);
  }
}

function periodMs(e: Expr): number {
  if (e.kind !== 'duration' || e.value <= 0) throw invalid('rate() interval must be a time period such as 1s or 1m', e.span);
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
  const ms = unit[e.unit];
  if (ms === undefined) throw invalid('rate() interval must be a fixed period (ms, s, m, h, d or w)', e.span);
  return e.value * ms;
}

/**
 * histogram(x, n): n equal-width buckets between the smallest and largest value, as a map from
 * each bucket's lower bound to its count (a JSON object).
 */
function histogram(n: string, buckets: number): Val {
  const all = `list(${n}) FILTER (WHERE ${n} IS NOT NULL)`;
  const lo = `list_min(${all})`;
  const width = `((list_max(${all}) - ${lo}) / ${buckets})`;
  const bucket = `v -> ${lo} + least(coalesce(floor((v - ${lo}) / nullif(${width}, 0)), 0), ${buckets - 1}) * ${width}`;
  const keys = `list_transform(list_transform(${all}, ${bucket}), b -> ${fmtNum('b')})`;
  return { sql: `to_json(list_aggregate(${keys}, 'histogram'))::VARCHAR`, t: 'struct' };
}
