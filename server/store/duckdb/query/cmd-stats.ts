// stats (up to two, the second over the first's groups), countFrequent and fillmissing.
import type { CallExpr, CountFrequentCommand, Expr, FillmissingCommand, StatsCommand } from '@/lib/query';
import { fieldName, isStatsFunction, printExpr, walkExpr } from '@/lib/query';
import { compileAggregate } from './aggregates';
import { invalid } from './errors';
import { compileExpr, type ExprEnv } from './expr';
import { fixedPeriodMs, floorTime, periodOf } from './fn-time';
import { addStage, compile, env, markMatched, type OutputName, type Pipeline } from './pipeline';
import type { Scope } from './scope';
import { int } from './sql';
import { unify, type Val } from './values';

interface Item {
  name: string;
  expr: Expr;
  val: Val;
  col: string;
}

function itemName(expr: Expr, alias?: { name: string }): string {
  return alias?.name ?? (expr.kind === 'field' ? fieldName(expr) : printExpr(expr));
}

function hasStatsCall(e: Expr): boolean {
  let found = false;
  walkExpr(e, (x) => {
    if (x.kind === 'call' && isStatsFunction(x.name)) found = true;
  });
  return found;
}

/** Replaces the rows by one row per group: group keys first, then the aggregations. */
function aggregate(p: Pipeline, keys: Item[], aggs: Item[], extraOrder?: string[]): void {
  const first = p.statsCount === 0;
  if (first) markMatched(p);
  const cols = [...keys, ...aggs].map((i) => `${i.val.sql} AS ${i.col}`);
  // recordsMatched rides along as a column: the number of rows the first aggregation consumed.
  const matched = p.stmt.params.name('_m');
  cols.push(first ? `sum(count(*)) OVER () AS ${matched}` : p.matchedColumn ? `max(${p.matchedColumn}) AS ${matched}` : `NULL AS ${matched}`);
  const groupBy = keys.length ? ` GROUP BY ${keys.map((_, i) => i + 1).join(', ')}` : '';
  addStage(p, `SELECT ${cols.join(', ')} FROM ${p.cur}${groupBy}`);
  p.matchedColumn = matched;

  const scope: Scope = { defined: new Map(), event: null, joins: new Map(), exprs: new Map() };
  const names: OutputName[] = [];
  for (const i of [...keys, ...aggs]) {
    const v: Val = { sql: i.col, t: i.val.t };
    if (i.val.time) v.time = true;
    scope.defined.set(i.name, v);
    if (i.expr.kind === 'call') scope.exprs.set(printExpr(i.expr), v);
    names.push({ name: i.name, path: [i.name] });
  }
  p.scope = scope;
  p.output = { kind: 'columns', names, display: false };
  p.order = null;
  p.defaultOrder = extraOrder ?? keys.map((k) => `${k.col} ASC NULLS LAST`);
  p.aggregated = true;
  p.statsCount++;
}

export function statsCommand(p: Pipeline, c: StatsCommand): void {
  if (p.statsCount >= 2) throw invalid('a query can have at most two stats commands', c.span);
  if (c.offset && p.statsCount > 0) throw invalid('offset is only allowed on the first stats', c.offset.span);
  const keys: Item[] = c.groupBy.map((g) => {
    const val = compile(p, g.expr);
    if (val.t === 'struct') throw invalid('maps and lists cannot be grouped by: group by one of their members', g.expr.span);
    return { name: itemName(g.expr, g.alias), expr: g.expr, val, col: p.stmt.params.name('_g') };
  });
  const binIndex = c.groupBy.findIndex((g) => g.expr.kind === 'call' && g.expr.name === 'bin');
  const binCall = binIndex >= 0 ? (c.groupBy[binIndex].expr as CallExpr) : undefined;
  const binPeriod = binCall?.args[0] ? periodOf(binCall.args[0], 'bin()') : undefined;

  // Outside aggregate calls only the group keys are visible (what SQL's GROUP BY allows).
  const keyScope: Scope = { defined: new Map(keys.map((k) => [k.name, k.val])), event: null, joins: new Map(), exprs: new Map() };
  const input: ExprEnv = env(p);
  const aggEnv: ExprEnv = {
    ...input,
    scope: keyScope,
    aggregate: (call) => compileAggregate(call, { input, binMs: binPeriod ? fixedPeriodMs(binPeriod) : undefined }),
  };
  const aggs: Item[] = c.aggregations.map((a) => {
    if (!hasStatsCall(a.expr)) {
      throw invalid(`${printExpr(a.expr)} is not an aggregation: use count, sum, avg, min, max, pct, … in stats`, a.expr.span);
    }
    return { name: itemName(a.expr, a.alias), expr: a.expr, val: compileExpr(a.expr, aggEnv), col: p.stmt.params.name('_a') };
  });
  aggregate(p, keys, aggs);
  p.bin = binIndex >= 0 && binPeriod
    ? { column: keys[binIndex].col, period: binPeriod, otherKeys: keys.filter((_, i) => i !== binIndex).map((k) => k.col) }
    : null;
}

/** `countFrequent f, …`: how often each combination occurs, most frequent first (`_approxcount`, exact here). */
export function countFrequentCommand(p: Pipeline, c: CountFrequentCommand): void {
  if (p.statsCount >= 2) throw invalid('a query can have at most two aggregations', c.span);
  const keys: Item[] = c.fields.map((f) => ({ name: fieldName(f), expr: f, val: compile(p, f), col: p.stmt.params.name('_g') }));
  const countCall: CallExpr = { kind: 'call', name: 'count', args: [] };
  const col = p.stmt.params.name('_a');
  aggregate(p, keys, [{ name: '_approxcount', expr: countCall, val: { sql: 'count(*)', t: 'num' }, col }], [`${col} DESC`]);
}

/** `fillmissing [with v for f, …]`: adds the empty bins of the last `stats … by bin()` over the query range. */
export function fillmissingCommand(p: Pipeline, c: FillmissingCommand): void {
  const bin = p.bin;
  if (!bin) throw invalid('fillmissing needs a stats … by bin() before it', c.span);
  const clock = p.stmt.clock;
  const fixed = fixedPeriodMs(bin.period);
  const first = floorTime(int(clock.start), bin.period, clock);
  const bins = fixed !== undefined
    ? `SELECT b FROM range(${first}, ${int(clock.end)} + 1, ${int(fixed)}) t(b)`
    : `SELECT epoch_ms(b) AS b FROM range(epoch_ms(CAST(${first} AS BIGINT)), epoch_ms(${int(clock.end)}) + INTERVAL 1 MILLISECOND, ` +
      `to_months(${int(Math.round(bin.period.value * ({ mo: 1, q: 3, y: 12 } as Record<string, number>)[bin.period.unit]))})) t(b)`;
  const fills = new Map<string, Val>();
  for (const f of c.fills) fills.set(fieldName(f.field), compile(p, f.value));
  const keys = bin.otherKeys;
  const groups = keys.length ? `(SELECT DISTINCT ${keys.join(', ')} FROM ${p.cur}) k` : '(SELECT 1) k';
  const on = [`s.${bin.column} = bins.b`, ...keys.map((k) => `s.${k} IS NOT DISTINCT FROM k.${k}`)].join(' AND ');
  const cols: string[] = [`bins.b AS ${bin.column}`, ...keys.map((k) => `k.${k} AS ${k}`)];
  for (const [name, v] of p.scope.defined) {
    if (v.sql === bin.column || keys.includes(v.sql)) continue;
    const fill = fills.get(name);
    if (!fill) {
      cols.push(`s.${v.sql} AS ${v.sql}`);
      continue;
    }
    const u = unify([{ ...v, sql: `s.${v.sql}` }, fill]);
    cols.push(`CASE WHEN s.${bin.column} IS NULL THEN ${u.sqls[1]} ELSE ${u.sqls[0]} END AS ${v.sql}`);
    if (u.t !== v.t) p.scope.defined.set(name, { sql: v.sql, t: u.t });
  }
  if (p.matchedColumn) cols.push(`max(s.${p.matchedColumn}) OVER () AS ${p.matchedColumn}`);
  addStage(p, `SELECT ${cols.join(', ')} FROM (${bins}) bins CROSS JOIN ${groups} LEFT JOIN ${p.cur} s ON ${on}`);
}
