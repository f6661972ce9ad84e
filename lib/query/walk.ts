// Generic traversal helpers for compilers and the builder: children of an expression, the
// expressions a command holds, a pre-order visitor, and span stripping for equality.
import type { Command, Expr, Query } from './ast';

/** Direct sub-expressions (a subquery's inner expressions are not children: see walkQuery). */
export function exprChildren(e: Expr): Expr[] {
  switch (e.kind) {
    case 'list':
      return e.items;
    case 'call':
      return e.args;
    case 'member':
      return [e.object];
    case 'index':
      return [e.object, e.index];
    case 'unary':
      return [e.operand];
    case 'binary':
      return [e.left, e.right];
    default:
      return [];
  }
}

/**
 * Visits `root` and its sub-expressions in pre-order. Return `false` from `visit` to skip a
 * node's children. Iterative, so very long operator chains cannot overflow the stack.
 */
export function walkExpr(root: Expr, visit: (e: Expr, parent: Expr | null) => void | boolean): void {
  const stack: Array<[Expr, Expr | null]> = [[root, null]];
  while (stack.length > 0) {
    const [e, parent] = stack.pop() as [Expr, Expr | null];
    if (visit(e, parent) === false) continue;
    const kids = exprChildren(e);
    for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i], e]);
  }
}

/** The top-level expressions of a command, in source order (fields, conditions, values …). */
export function commandExprs(c: Command): Expr[] {
  switch (c.kind) {
    case 'fields':
    case 'display':
      return c.items.map((i) => i.expr);
    case 'filter':
    case 'pattern':
      return [c.expr];
    case 'stats':
      return [...c.aggregations.map((i) => i.expr), ...c.groupBy.map((i) => i.expr), ...(c.offset ? [c.offset] : [])];
    case 'sort':
      return c.keys.map((k) => k.expr);
    case 'parse':
      return [...(c.source ? [c.source] : []), ...(c.mode === 'regex' ? [c.regex] : []),
        ...(c.mode === 'glob' ? [c.pattern] : []), ...(c.mode === 'json' ? [c.path] : [])];
    case 'dedup':
    case 'countFrequent':
    case 'addtotals':
    case 'outlier':
    case 'sessionize':
      return c.fields;
    case 'filldown':
      return c.fields.flatMap((f) => (f.kind === 'field' ? [f] : []));
    case 'unnest':
      return [c.expr];
    case 'unmask':
      return c.expr ? [c.expr] : [];
    case 'filterIndex':
      return [c.field, ...c.values];
    case 'join':
      return [c.on];
    case 'accum':
    case 'autoregress':
    case 'cidrlookup':
      return [c.field];
    case 'lookup':
      return c.keys.flatMap((k) => (k.logField ? [k.logField] : []));
    case 'fillmissing':
      return c.fills.flatMap((f) => [f.value, f.field]);
    case 'logcompare':
      return [c.timeshift];
    default:
      return [];
  }
}

/** Subqueries held directly by a command (join right side, appendcols). */
export function commandSubqueries(c: Command): Query[] {
  return c.kind === 'join' || c.kind === 'appendcols' ? [c.query] : [];
}

/**
 * Visits every expression in a query, subqueries included (`in ( … )`, join, appendcols).
 * `command` is the command whose tree holds the expression.
 */
export function walkQuery(q: Query, visit: (e: Expr, parent: Expr | null, command: Command) => void | boolean): void {
  const queries: Query[] = [q];
  while (queries.length > 0) {
    const cur = queries.pop() as Query;
    for (const cmd of cur.commands) {
      queries.push(...commandSubqueries(cmd));
      for (const root of commandExprs(cmd)) {
        walkExpr(root, (e, parent) => {
          if (e.kind === 'subquery') queries.push(e.query);
          return visit(e, parent, cmd);
        });
      }
    }
  }
}

/** A deep copy without any `span` properties, for comparing ASTs. */
export function stripSpans<T>(node: T): T {
  if (Array.isArray(node)) return node.map((n: unknown) => stripSpans(n)) as T;
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) if (k !== 'span') out[k] = stripSpans(v);
  return out as T;
}
