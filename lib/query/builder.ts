// The point-and-click builder's model: filter chips, an aggregation, sort and limit, converted to
// and from the Query AST. The builder edits a subset of the language; `fromQuery` says when a query
// holds more than it can show, so the page leaves the text alone instead of destroying it.
import type { BinaryOp, Command, DurationLit, Expr, FieldRef, Projection, Query } from './ast';
import { fieldName } from './ast';
import { printExpr } from './print-expr';

export type ChipOp = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'contains' | 'matches' | 'in' | 'exists';

export interface FilterChip {
  field: string;
  op: ChipOp;
  /** Text as typed; numbers are recognised when the chip becomes QL. `in` takes a list. */
  value: string | string[];
  /** `not (…)` around the condition. */
  negated: boolean;
  /** Kept on screen but left out of the query. */
  disabled: boolean;
}

export type AggFn = 'count' | 'count_distinct' | 'avg' | 'sum' | 'min' | 'max' | 'pct';
export interface Aggregation {
  fn: AggFn;
  /** Omitted for count(*). */
  field?: string;
  /** For pct. */
  percentile?: number;
  alias?: string;
}

export interface BuilderState {
  filters: FilterChip[];
  aggregations: Aggregation[];
  groupBy: string[];
  /** `bin(…)` interval such as `1h`, or null for no time series. */
  bin: string | null;
  sort: { field: string; order: 'asc' | 'desc' } | null;
  limit: number | null;
  /** Columns for an event listing (no aggregation); empty = the defaults. */
  fields: string[];
}

export const EMPTY_BUILDER: BuilderState = { filters: [], aggregations: [], groupBy: [], bin: null, sort: null, limit: null, fields: [] };

const field = (name: string): FieldRef => ({ kind: 'field', path: name.split('.') });
const NUMERIC = /^-?\d+(\.\d+)?$/;

function literal(v: string): Expr {
  return NUMERIC.test(v.trim()) ? { kind: 'number', value: Number(v) } : { kind: 'string', value: v };
}

export function chipToExpr(c: FilterChip): Expr {
  const f = field(c.field);
  const value = Array.isArray(c.value) ? c.value : [c.value];
  let e: Expr;
  switch (c.op) {
    case 'contains':
      e = { kind: 'binary', op: 'like', left: f, right: { kind: 'string', value: value[0] ?? '' } };
      break;
    case 'matches':
      e = { kind: 'binary', op: '=~', left: f, right: { kind: 'regex', pattern: value[0] ?? '' } };
      break;
    case 'in':
      e = { kind: 'binary', op: 'in', left: f, right: { kind: 'list', items: value.map(literal) } };
      break;
    case 'exists':
      e = { kind: 'call', name: 'ispresent', args: [f] };
      break;
    default:
      e = { kind: 'binary', op: c.op, left: f, right: literal(value[0] ?? '') };
  }
  return c.negated ? { kind: 'unary', op: 'not', operand: e } : e;
}

/** The query the builder state means. Disabled chips are left out. */
export function toQuery(s: BuilderState): Query {
  const commands: Command[] = [];
  if (s.fields.length > 0 && s.aggregations.length === 0) commands.push({ kind: 'fields', items: s.fields.map((name) => ({ expr: field(name) })) });
  const active = s.filters.filter((c) => !c.disabled).map(chipToExpr);
  if (active.length > 0) commands.push({ kind: 'filter', expr: active.reduce((a, b) => ({ kind: 'binary', op: 'and', left: a, right: b })) });
  if (s.aggregations.length > 0) {
    const groupBy: Projection[] = s.groupBy.map((name) => ({ expr: field(name) }));
    if (s.bin) groupBy.push({ expr: { kind: 'call', name: 'bin', args: [parseDuration(s.bin)] } });
    commands.push({ kind: 'stats', aggregations: s.aggregations.map(aggToProjection), groupBy });
  }
  if (s.sort) commands.push({ kind: 'sort', keys: [{ expr: field(s.sort.field), order: s.sort.order }] });
  if (s.limit !== null) commands.push({ kind: 'limit', count: s.limit, any: false });
  return { commands };
}

function aggToProjection(a: Aggregation): Projection {
  const args: Expr[] = a.fn === 'count' && !a.field ? [{ kind: 'star' }] : [field(a.field ?? '@message')];
  if (a.fn === 'pct') args.push({ kind: 'number', value: a.percentile ?? 95 });
  return { expr: { kind: 'call', name: a.fn, args }, ...(a.alias ? { alias: { name: a.alias } } : {}) };
}

const DURATION = /^(\d+)(ms|s|m|h|d|w|mo|q|y)$/;
export function parseDuration(text: string): DurationLit {
  const m = DURATION.exec(text.trim());
  if (!m) return { kind: 'duration', value: 1, unit: 'h' };
  return { kind: 'duration', value: Number(m[1]), unit: m[2] as DurationLit['unit'] };
}

export type FromQueryResult = { ok: true; state: BuilderState } | { ok: false; reason: string };

/**
 * The builder state for a query, or why the builder cannot show it. Accepts
 * `[fields] filter* [stats] [sort] [limit]` with chip-shaped conditions joined by `and`.
 */
export function fromQuery(q: Query): FromQueryResult {
  const s: BuilderState = { ...EMPTY_BUILDER, filters: [], aggregations: [], groupBy: [], fields: [] };
  const order = ['fields', 'filter', 'stats', 'sort', 'limit'];
  let last = -1;
  for (const c of q.commands) {
    const at = order.indexOf(c.kind);
    if (at === -1) return { ok: false, reason: `the builder cannot show \`${c.kind}\`; edit it in the query text` };
    if (at < last || (at === last && c.kind !== 'filter')) return { ok: false, reason: `the builder shows one \`${c.kind}\`, in the order fields, filter, stats, sort, limit` };
    last = at;
    const why = apply(s, c);
    if (why) return { ok: false, reason: why };
  }
  return { ok: true, state: s };
}

function apply(s: BuilderState, c: Command): string | null {
  switch (c.kind) {
    case 'fields':
      for (const p of c.items) {
        if (p.expr.kind !== 'field' || p.alias) return `the builder shows plain field names in \`fields\`, not \`${printExpr(p.expr)}\``;
        s.fields.push(fieldName(p.expr));
      }
      return null;
    case 'filter':
      for (const term of conjuncts(c.expr)) {
        const chip = exprToChip(term);
        if (!chip) return `the builder cannot show the condition \`${printExpr(term)}\``;
        s.filters.push(chip);
      }
      return null;
    case 'stats':
      if (c.offset) return 'the builder cannot show `stats … offset`';
      for (const p of c.aggregations) {
        const agg = exprToAgg(p.expr);
        if (!agg) return `the builder cannot show the aggregation \`${printExpr(p.expr)}\``;
        s.aggregations.push(p.alias ? { ...agg, alias: p.alias.name } : agg);
      }
      for (const g of c.groupBy) {
        if (g.alias) return 'the builder cannot show aliases in `by`';
        if (g.expr.kind === 'field') s.groupBy.push(fieldName(g.expr));
        else if (g.expr.kind === 'call' && g.expr.name === 'bin' && g.expr.args.length === 1 && g.expr.args[0].kind === 'duration' && s.bin === null) {
          s.bin = `${g.expr.args[0].value}${g.expr.args[0].unit}`;
        } else return `the builder cannot group by \`${printExpr(g.expr)}\``;
      }
      return null;
    case 'sort': {
      const [key, ...more] = c.keys;
      if (more.length > 0 || key.expr.kind !== 'field') return 'the builder sorts by one field';
      s.sort = { field: fieldName(key.expr), order: key.order ?? 'desc' };
      return null;
    }
    case 'limit':
      if (c.any) return 'the builder cannot show `limit any`';
      s.limit = c.count;
      return null;
    default:
      return `the builder cannot show \`${c.kind}\``;
  }
}

function conjuncts(e: Expr): Expr[] {
  if (e.kind === 'binary' && e.op === 'and') return [...conjuncts(e.left), ...conjuncts(e.right)];
  return [e];
}

const COMPARE: readonly BinaryOp[] = ['=', '!=', '<', '<=', '>', '>='];

function scalar(e: Expr): string | null {
  if (e.kind === 'string') return e.value;
  if (e.kind === 'number') return String(e.value);
  return null;
}

export function exprToChip(e: Expr): FilterChip | null {
  if (e.kind === 'unary' && e.op === 'not') {
    const inner = exprToChip(e.operand);
    return inner && !inner.negated ? { ...inner, negated: true } : null;
  }
  const base = { negated: false, disabled: false };
  if (e.kind === 'call' && e.name === 'ispresent' && e.args.length === 1 && e.args[0].kind === 'field') {
    return { ...base, field: fieldName(e.args[0]), op: 'exists', value: '' };
  }
  if (e.kind !== 'binary' || e.left.kind !== 'field') return null;
  const name = fieldName(e.left);
  if ((COMPARE as BinaryOp[]).includes(e.op)) {
    const v = scalar(e.right);
    // A string that looks like a number would come back as a number: not a faithful chip.
    if (v === null || (e.right.kind === 'string' && NUMERIC.test(v.trim()))) return null;
    return { ...base, field: name, op: e.op as ChipOp, value: v };
  }
  if (e.op === 'like' && e.right.kind === 'string') return { ...base, field: name, op: 'contains', value: e.right.value };
  if ((e.op === '=~' || e.op === 'like') && e.right.kind === 'regex') return { ...base, field: name, op: 'matches', value: e.right.pattern };
  if (e.op === 'not like' && e.right.kind === 'string') return { ...base, field: name, op: 'contains', value: e.right.value, negated: true };
  if (e.op === 'in' && e.right.kind === 'list') {
    const values = e.right.items.map(scalar);
    if (values.some((v) => v === null)) return null;
    return { ...base, field: name, op: 'in', value: values as string[] };
  }
  return null;
}

const AGG_FNS: readonly AggFn[] = ['count', 'count_distinct', 'avg', 'sum', 'min', 'max', 'pct'];

function exprToAgg(e: Expr): Aggregation | null {
  if (e.kind !== 'call' || !(AGG_FNS as string[]).includes(e.name)) return null;
  const fn = e.name as AggFn;
  const [arg, p] = e.args;
  if (fn === 'count' && (e.args.length === 0 || (arg.kind === 'star' && e.args.length === 1))) return { fn };
  if (!arg || arg.kind !== 'field') return null;
  if (fn === 'pct') return p?.kind === 'number' && e.args.length === 2 ? { fn, field: fieldName(arg), percentile: p.value } : null;
  return e.args.length === 1 ? { fn, field: fieldName(arg) } : null;
}
