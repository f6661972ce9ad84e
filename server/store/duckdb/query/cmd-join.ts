// join (with its right-hand query) and appendcols: two pipelines side by side.
import type { AppendcolsCommand, Expr, JoinCommand } from '@/lib/query';
import { invalid } from './errors';
import { compileExpr } from './expr';
import { addStage, effectiveOrder, env, resolveOutput, type Pipeline } from './pipeline';
import { copyScope, type Scope } from './scope';
import { HOT_COLUMNS, SYSTEM_COLUMNS } from '../schema';
import { text, type Val } from './values';

const EVENT_COLUMNS = [...SYSTEM_COLUMNS.map((c) => c.column), ...HOT_COLUMNS.map((c) => c.column), 'attrs'];

/** Copies a pipeline's visible fields (and raw event, if any) into plain, prefixed columns. */
function exposeSide(side: Pipeline, prefix: string): { cte: string; scope: Scope } {
  const cols: string[] = [];
  const scope: Scope = { defined: new Map(), event: null, joins: new Map(), exprs: new Map() };
  if (side.scope.event) {
    const from = side.scope.event.prefix;
    for (const c of EVENT_COLUMNS) cols.push(`${from}${c} AS ${prefix}${c}`);
    scope.event = { prefix };
  }
  for (const [name, v] of side.scope.defined) {
    const col = side.stmt.params.name(prefix);
    cols.push(`${v.sql} AS ${col}`);
    const out: Val = { sql: col, t: v.t };
    if (v.time) out.time = true;
    if (v.logfmt) out.logfmt = true;
    scope.defined.set(name, out);
  }
  const cte = side.stmt.params.name(`${prefix}x`);
  side.stmt.ctes.push({ name: cte, body: `SELECT ${cols.join(', ') || '1 AS _none'} FROM ${side.cur}` });
  return { cte, scope };
}

/** Equality conditions joined by `and`: the only join conditions the reference allows. */
function equalities(e: Expr): Array<[Expr, Expr]> {
  if (e.kind === 'binary' && e.op === 'and') return [...equalities(e.left), ...equalities(e.right)];
  if (e.kind === 'binary' && e.op === '=') return [[e.left, e.right]];
  throw invalid('join conditions must be equalities (a.x = b.x), joined by and', e.span);
}

/**
 * `join [type=inner|left] left=a right=b where a.x = b.x (query)`. Keys match by their text
 * (numbers in shortest form), which keeps the join a hash join.
 */
export function joinCommand(p: Pipeline, c: JoinCommand): void {
  const leftAlias = c.left?.name ?? 'left';
  const rightAlias = c.right?.name ?? 'right';
  const right = p.stmt.nested(c.query, p.stmt.params.name('j'));
  const { cte, scope: rightScope } = exposeSide(right, p.stmt.params.name('r'));
  const leftScope = copyScope(p.scope);
  const onScope = copyScope(p.scope);
  // Keys are compiled inline: a hoisting stage could not see the right side's columns.
  delete onScope.hoist;
  onScope.joins.set(leftAlias, leftScope);
  onScope.joins.set(rightAlias, rightScope);
  const onEnv = { ...env(p), scope: onScope };
  const on = equalities(c.on).map(([a, b]) => `${text(compileExpr(a, onEnv))} = ${text(compileExpr(b, onEnv))}`);
  addStage(p, `SELECT * FROM ${p.cur} ${c.type === 'left' ? 'LEFT ' : ''}JOIN ${cte} ON ${on.join(' AND ')}`);
  p.scope.joins.set(leftAlias, leftScope);
  p.scope.joins.set(rightAlias, rightScope);
}

/** `appendcols [override=bool] [max=n] (query)`: the query's result columns, matched by row position. */
export function appendcolsCommand(p: Pipeline, c: AppendcolsCommand): void {
  const right = p.stmt.nested(c.query, p.stmt.params.name('a'));
  if (right.output.kind !== 'columns') throw invalid('the appendcols query must end with fields, display or stats', c.span);
  const max = c.max ?? 10_000;
  if (!Number.isSafeInteger(max) || max < 1 || max > 100_000) throw invalid('appendcols max must be from 1 to 100000', c.span);
  const rn = p.stmt.params.name('_rn');
  const rightOrder = effectiveOrder(right);
  const outs = right.output.names.map((n) => ({ name: n.name, val: resolveOutput(right, n), col: p.stmt.params.name('_ac') }));
  const cte = p.stmt.params.name('acx');
  const over = rightOrder.length ? `ORDER BY ${rightOrder.join(', ')}` : '';
  p.stmt.ctes.push({
    name: cte,
    body: `SELECT row_number() OVER (${over}) AS ${rn}, ${outs.map((o) => `${o.val.sql} AS ${o.col}`).join(', ')} FROM ${right.cur} ${over} LIMIT ${max}`,
  });
  const leftRn = p.stmt.params.name('_rn');
  const leftOrder = effectiveOrder(p);
  addStage(p, `SELECT *, row_number() OVER (${leftOrder.length ? `ORDER BY ${leftOrder.join(', ')}` : ''}) AS ${leftRn} FROM ${p.cur}`);
  addStage(p, `SELECT * FROM ${p.cur} LEFT JOIN ${cte} ON ${leftRn} = ${rn}`);
  p.order = [`${leftRn} ASC`];
  for (const o of outs) {
    const shown = p.output.kind === 'columns' ? p.output.names.some((n) => n.name === o.name) : false;
    if (!c.override && (shown || p.scope.defined.has(o.name))) continue;
    const v: Val = { sql: o.col, t: o.val.t };
    if (o.val.time) v.time = true;
    p.scope.defined.set(o.name, v);
    if (p.output.kind === 'columns' && !shown) p.output.names.push({ name: o.name, path: [o.name] });
    if (p.output.kind === 'events' && !p.output.extra.some((n) => n.name === o.name)) p.output.extra.push({ name: o.name, path: [o.name] });
  }
}
