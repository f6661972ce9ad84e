// fields, display, filter, filterIndex, sort, limit, dedup, unnest.
import type {
  DedupCommand, DisplayCommand, FieldsCommand, FilterCommand, FilterIndexCommand, LimitCommand, Projection,
  SortCommand, UnnestCommand,
} from '@/lib/query';
import { fieldName, printExpr } from '@/lib/query';
import { invalid } from './errors';
import { sortKey } from './natural';
import { compare, inList } from './operators';
import {
  addStage, compile, defineAll, effectiveOrder, markMatched, showDerived, type OutputName, type Pipeline,
} from './pipeline';
import { toJson, truthy, type Val } from './values';

/** Largest `limit` the reference allows. */
export const MAX_LIMIT = 100_000;

function projections(p: Pipeline, items: Projection[]): OutputName[] {
  const defs: Array<{ name: string; val: Val }> = [];
  const names: OutputName[] = [];
  for (const item of items) {
    const e = item.expr;
    if (item.alias) {
      defs.push({ name: item.alias.name, val: compile(p, e) });
      names.push({ name: item.alias.name, path: [item.alias.name] });
    } else if (e.kind === 'field') {
      compile(p, e); // reports a field that is out of scope (after stats) here, at its position
      names.push({ name: fieldName(e), path: e.path });
    } else {
      const name = printExpr(e);
      defs.push({ name, val: compile(p, e) });
      names.push({ name, path: [name] });
    }
  }
  defineAll(p, defs);
  return names;
}

/** `fields`: computes and shows fields; several fields commands show the union. */
export function fieldsCommand(p: Pipeline, c: FieldsCommand): void {
  const names = projections(p, c.items);
  if (p.output.kind === 'events') {
    p.output = { kind: 'columns', names: [], display: false };
  }
  if (p.output.kind === 'columns' && !p.output.display) {
    for (const n of names) if (!p.output.names.some((o) => o.name === n.name)) p.output.names.push(n);
  }
}

/** `display`: the last one decides what the result shows. */
export function displayCommand(p: Pipeline, c: DisplayCommand): void {
  p.output = { kind: 'columns', names: projections(p, c.items), display: true };
}

export function filterCommand(p: Pipeline, c: FilterCommand): void {
  // Compile first: resolving fields may add a stage (scope.hoist) that this one must read from.
  const cond = truthy(compile(p, c.expr));
  addStage(p, `SELECT * FROM ${p.cur} WHERE ${cond}`);
}

/**
 * `filterIndex f = v` asks CloudWatch to scan only events whose indexed field matches; locally
 * there are no field indexes, and the events it keeps are exactly `filter f = v` (or `in [...]`).
 */
export function filterIndexCommand(p: Pipeline, c: FilterIndexCommand): void {
  const field = compile(p, c.field);
  const values = c.values.map((v) => compile(p, v));
  const cond = c.op === 'in' ? inList(field, values, false, p.stmt.params) : compare('=', field, values[0], p.stmt.params);
  addStage(p, `SELECT * FROM ${p.cur} WHERE ${cond.sql}`);
}

/** `sort`: natural order; keys without a direction sort ascending (the docs state no default). */
export function sortCommand(p: Pipeline, c: SortCommand): void {
  const computed: string[] = [];
  const terms: string[] = [];
  for (const key of c.keys) {
    const parts = sortKey(compile(p, key.expr), key.order === 'desc', key.expr.span);
    // A plain column sorts as itself: keeping `ORDER BY ts DESC LIMIT n` recognizable lets DuckDB
    // read wide columns (message, attrs) only for the rows it returns (late materialization).
    const names = parts.exprs.map((e) => {
      if (/^\w+$/.test(e)) return e;
      const col = p.stmt.params.name('_k');
      computed.push(`${e} AS ${col}`);
      return col;
    });
    terms.push(...parts.terms(names));
  }
  if (computed.length) addStage(p, `SELECT *, ${computed.join(', ')} FROM ${p.cur}`);
  p.order = terms;
}

/** `limit n` is applied by the final select unless more commands follow (see flushLimit). */
export function limitCommand(p: Pipeline, c: LimitCommand): void {
  if (!Number.isSafeInteger(c.count) || c.count < 1 || c.count > MAX_LIMIT) {
    throw invalid(`limit must be a whole number from 1 to ${MAX_LIMIT.toLocaleString('en-US')}`, c.span);
  }
  flushLimit(p);
  markMatched(p);
  p.limit = { count: c.count, any: c.any };
  p.pendingLimit = true;
}

/** Cuts the rows at a pending limit, before a command that needs the cut rows. */
export function flushLimit(p: Pipeline): void {
  if (!p.pendingLimit || !p.limit) return;
  p.pendingLimit = false;
  // `limit any` stops at the first N matches, in no particular order (reference §2.6).
  const order = p.limit.any ? '' : ` ORDER BY ${effectiveOrder(p).join(', ') || '1'}`;
  addStage(p, `SELECT * FROM ${p.cur}${order} LIMIT ${p.limit.count}`);
}

/**
 * `dedup`: the first event in the current sort order (newest first when unsorted) per distinct
 * combination; events with a null in any of the fields are all kept.
 */
export function dedupCommand(p: Pipeline, c: DedupCommand): void {
  markMatched(p);
  const keys = c.fields.map((f) => {
    const v = compile(p, f);
    if (v.t === 'struct') throw invalid('maps and lists cannot be deduplicated', f.span);
    return v.sql;
  });
  const order = effectiveOrder(p);
  const nullKept = keys.map((k) => `${k} IS NULL`).join(' OR ');
  addStage(p, `SELECT * FROM ${p.cur} QUALIFY row_number() OVER (PARTITION BY ${keys.join(', ')}` +
    `${order.length ? ` ORDER BY ${order.join(', ')}` : ''}) = 1 OR ${nullKept}`);
}

/**
 * `unnest list into name`: one row per element of a JSON list (jsonParse); any other value is a
 * list of one. An empty list yields no rows.
 */
export function unnestCommand(p: Pipeline, c: UnnestCommand): void {
  const v = compile(p, c.expr);
  const list = v.t === 'json' || v.t === 'struct'
    ? `CASE WHEN left(${v.sql}, 1) = '[' THEN list_transform(json_extract(${v.sql}, '$[*]'), e -> nullif(e::VARCHAR, 'null')) ` +
      `ELSE [${v.sql}] END`
    : `[${toJson(v)}]`;
  const col = p.stmt.params.name('_c');
  addStage(p, `SELECT *, unnest(${list}) AS ${col} FROM ${p.cur}`);
  p.scope.defined.set(c.into.name, { sql: col, t: 'json' });
  showDerived(p, [c.into.name]);
}
