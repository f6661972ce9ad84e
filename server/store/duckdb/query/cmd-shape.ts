// Row-shaping commands over the rows so far, in their current order: addtotals, accum,
// autoregress, filldown, outlier, sessionize.
import type {
  AccumCommand, AddtotalsCommand, AutoregressCommand, FilldownCommand, OutlierCommand, SessionizeCommand,
} from '@/lib/query';
import { fieldName } from '@/lib/query';
import { invalid } from './errors';
import { durationMs } from './expr';
import { timestampOf } from './fn-time';
import { addStage, compile, defineAll, effectiveOrder, env, type Pipeline } from './pipeline';
import { num } from './sql';
import { readsNum, text, toJson, type Val } from './values';

function over(p: Pipeline, frame = ''): string {
  const order = effectiveOrder(p);
  return `OVER (${order.length ? `ORDER BY ${order.join(', ')}` : ''}${frame})`;
}
const RUNNING = ' ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW';

/** Adds a name to the result columns (when the result shows chosen columns). */
function show(p: Pipeline, name: string): void {
  if (p.output.kind === 'columns' && !p.output.names.some((n) => n.name === name)) p.output.names.push({ name, path: [name] });
  else if (p.output.kind === 'events' && !p.output.extra.some((n) => n.name === name)) p.output.extra.push({ name, path: [name] });
}

/** Field names the result shows (for addtotals and filldown without field lists). */
function shownNames(p: Pipeline): string[] {
  return p.output.kind === 'columns' ? p.output.names.map((n) => n.name) : p.output.extra.map((n) => n.name);
}

/** `addtotals`: a row total (default field `Total`) and, with col=true, a last row of column sums. */
export function addtotalsCommand(p: Pipeline, c: AddtotalsCommand): void {
  const names = c.fields.length ? c.fields.map(fieldName) : shownNames(p);
  const vals = names.map((n) => ({ name: n, val: compile(p, { kind: 'field', path: [n] }) }))
    // Without a field list, only fields that can hold numbers count.
    .filter((x) => c.fields.length > 0 || x.val.t === 'num' || x.val.t === 'json' || x.val.t === 'str');
  if (vals.length === 0) throw invalid('addtotals needs numeric fields: name them, or use it after fields or stats', c.span);
  const total = c.fieldname?.name ?? 'Total';
  if (c.row !== false) {
    const nums = vals.map((v) => readsNum(v.val));
    const sum = `CASE WHEN ${nums.map((n) => `${n} IS NULL`).join(' AND ')} THEN NULL ELSE ${nums.map((n) => `coalesce(${n}, 0)`).join(' + ')} END`;
    defineAll(p, [{ name: total, val: { sql: sum, t: 'num' } }]);
    show(p, total);
  }
  if (c.col === true) {
    const flag = p.stmt.params.name('_tot');
    const sums = vals.map((v) => {
      const s: Val = { sql: `sum(${readsNum(v.val)})`, t: 'num' };
      const cell = v.val.t === 'num' ? s.sql : v.val.t === 'json' ? toJson(s) : text(s);
      if (!/^_\w+$/.test(v.val.sql)) throw invalid(`addtotals col=true needs ${v.name} to be a field the query computed (fields or stats)`, c.span);
      return `${cell} AS ${v.val.sql}`;
    });
    const rowTotal = c.row !== false ? p.scope.defined.get(total) : undefined;
    if (rowTotal) sums.push(`sum(${rowTotal.sql}) AS ${rowTotal.sql}`);
    addStage(p, `SELECT *, NULL::INTEGER AS ${flag} FROM ${p.cur} UNION ALL BY NAME SELECT ${sums.join(', ')}, 1 AS ${flag} FROM ${p.cur}`);
    // The totals row comes last whatever the order.
    p.order = [`${flag} NULLS FIRST`, ...effectiveOrder(p)];
  }
}

/** `accum f [as out]`: running sum in the current order (without `as`, f itself becomes the sum). */
export function accumCommand(p: Pipeline, c: AccumCommand): void {
  const v = readsNum(compile(p, c.field));
  const name = c.alias?.name ?? fieldName(c.field);
  defineAll(p, [{ name, val: { sql: `sum(coalesce(${v}, 0)) ${over(p, RUNNING)}`, t: 'num' } }]);
  show(p, name);
}

/** `autoregress f [as a] [p=i[-j]]`: the value from i (…j) rows earlier: `f_p1`, … */
export function autoregressCommand(p: Pipeline, c: AutoregressCommand): void {
  const v = compile(p, c.field);
  const start = c.p?.start ?? 1;
  const end = c.p?.end ?? start;
  if (!(start >= 1 && end >= start && end - start < 100)) throw invalid('autoregress p must be n or n-m with 1 ≤ n ≤ m', c.span);
  const base = c.alias?.name ?? fieldName(c.field);
  const defs = [];
  for (let i = start; i <= end; i++) {
    const name = c.p?.end === undefined && c.alias ? c.alias.name : `${base}_p${i}`;
    const out: Val = { sql: `lag(${v.sql}, ${i}) ${over(p)}`, t: v.t };
    if (v.time) out.time = true;
    defs.push({ name, val: out });
  }
  defineAll(p, defs);
  for (const d of defs) show(p, d.name);
}

/** `filldown [f …]`: a missing value takes the last present one above it; `cpu*` matches names. */
export function filldownCommand(p: Pipeline, c: FilldownCommand): void {
  const known = [...new Set([...shownNames(p), ...p.scope.defined.keys()])];
  const names = c.fields.length === 0 ? known : c.fields.flatMap((f) => {
    if (f.kind === 'field') return [fieldName(f)];
    const re = new RegExp(`^${f.pattern.split('*').map((s) => s.replace(/[\\^$.|?+()[\]{}]/g, '\\$&')).join('.*')}$`);
    return known.filter((n) => re.test(n));
  });
  const defs = [...new Set(names)].map((name) => {
    const v = compile(p, { kind: 'field', path: [name] });
    const out: Val = { sql: `last_value(${v.sql} IGNORE NULLS) ${over(p, RUNNING)}`, t: v.t };
    if (v.time) out.time = true;
    return { name, val: out };
  });
  defineAll(p, defs);
}

/** `outlier`: IQR bounds per field over all rows; remove or clamp (transform), optionally mark. */
export function outlierCommand(p: Pipeline, c: OutlierCommand): void {
  const k = c.param ?? 2.5;
  const fields = c.fields.map((f) => ({ name: fieldName(f), n: readsNum(compile(p, f)) }));
  // Bounds per field over all rows (window aggregates), as columns of one stage.
  const bounds = fields.map((f) => {
    const q1 = `quantile_cont(${f.n}, 0.25) OVER ()`;
    const q3 = `quantile_cont(${f.n}, 0.75) OVER ()`;
    return { ...f, hiSql: `(${q3} + ${num(k)} * (${q3} - ${q1}))`, loSql: `(${q1} - ${num(k)} * (${q3} - ${q1}))`,
      hi: p.stmt.params.name('_o'), lo: p.stmt.params.name('_o') };
  });
  addStage(p, `SELECT *, ${bounds.map((b) => `${b.hiSql} AS ${b.hi}, ${b.loSql} AS ${b.lo}`).join(', ')} FROM ${p.cur}`);
  const isOut = bounds.map((b) => `coalesce(${b.n} > ${b.hi}${c.uselower ? ` OR ${b.n} < ${b.lo}` : ''}, FALSE)`);
  const anyOut = `(${isOut.join(' OR ')})`;
  const defs: Array<{ name: string; val: Val }> = [];
  if (c.mark) defs.push({ name: 'isOutlier', val: { sql: anyOut, t: 'bool' } });
  if (c.action === 'remove') {
    defineAll(p, defs, `NOT ${anyOut}`);
  } else {
    for (const b of bounds) {
      const clamped = `least(${b.n}, ${b.hi})`;
      defs.push({ name: b.name, val: { sql: c.uselower ? `greatest(${clamped}, ${b.lo})` : clamped, t: 'num' } });
    }
    defineAll(p, defs);
  }
  if (c.mark) show(p, 'isOutlier');
}

/** `sessionize f, … [maxspan d] [as out]`: a new session after a gap longer than maxspan (30m). */
export function sessionizeCommand(p: Pipeline, c: SessionizeCommand): void {
  const ts = timestampOf(env(p), c.span).sql;
  const keys = c.fields.map((f) => compile(p, f));
  const span = c.maxspan ? durationMs(c.maxspan.value, c.maxspan.unit) : 30 * 60_000;
  const part = `PARTITION BY ${keys.map((k) => k.sql).join(', ')}`;
  const prev = p.stmt.params.name('_s');
  addStage(p, `SELECT *, lag(${ts}) OVER (${part} ORDER BY ${ts}) AS ${prev} FROM ${p.cur}`);
  const n = `sum(CASE WHEN ${prev} IS NULL OR ${ts} - ${prev} > ${num(span)} THEN 1 ELSE 0 END) OVER (${part} ORDER BY ${ts}${RUNNING})`;
  const seq = p.stmt.params.name('_s');
  addStage(p, `SELECT *, ${n} AS ${seq} FROM ${p.cur}`);
  const name = c.alias?.name ?? 'session_id';
  // The id names the identity and the session's number within it: `u1|d1|2`.
  const id = `concat_ws('|', ${[...keys.map((k) => `coalesce(${text(k)}, '')`), `CAST(${seq} AS VARCHAR)`].join(', ')})`;
  defineAll(p, [{ name, val: { sql: id, t: 'str' } }]);
  show(p, name);
}
