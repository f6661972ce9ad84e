// Small rewrites that make the same query mean the same thing on CloudWatch as on the local
// engine. Logline's `@log` is the source (`api`); CloudWatch's is `account-id:log-group-name`
// (`123456789012:/logline/api`), so `filter @log = "api"` would match nothing there. And the
// local engine compares `@timestamp` with epoch-ms numbers (derived "show in context" queries do),
// which CloudWatch documents only through `toMillis(@timestamp)`.
import type { Command, Expr, Query } from '@/lib/query';
import { logGroupName } from './log-groups';

const isField = (e: Expr, name: string): boolean => e.kind === 'field' && e.path.length === 1 && e.path[0] === name;

/** A string literal that names a source (not an `account:group` value the user wrote out). */
function sourceLiteral(e: Expr): string | null {
  return e.kind === 'string' && !e.value.includes(':') ? e.value : null;
}

/** RE2 text for a literal string. */
function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/** `@log` ends with the source's log group, after CloudWatch's `account-id:`. */
function logMatch(prefix: string, sources: string[]): Expr {
  const groups = sources.map((s) => escapeRegex(logGroupName(prefix, s)));
  const body = groups.length === 1 ? groups[0] : `(${groups.join('|')})`;
  return { kind: 'binary', op: '=~', left: { kind: 'field', path: ['@log'] }, right: { kind: 'regex', pattern: `(^|:)${body}$` } };
}

const not = (operand: Expr): Expr => ({ kind: 'unary', op: 'not', operand });
const toMillis = (e: Expr): Expr => ({ kind: 'call', name: 'toMillis', args: [e] });
const COMPARE = new Set(['=', '!=', '<', '<=', '>', '>=']);

function rewriteNode(e: Expr, prefix: string): Expr {
  if (e.kind !== 'binary') return e;
  const { op, left, right } = e;
  if ((op === '=' || op === '!=') && (isField(left, '@log') || isField(right, '@log'))) {
    const source = sourceLiteral(isField(left, '@log') ? right : left);
    if (source !== null) return op === '=' ? logMatch(prefix, [source]) : not(logMatch(prefix, [source]));
  }
  if ((op === 'in' || op === 'not in') && isField(left, '@log') && right.kind === 'list' && right.items.length > 0) {
    const sources = right.items.map(sourceLiteral);
    if (sources.every((s): s is string => s !== null)) return op === 'in' ? logMatch(prefix, sources) : not(logMatch(prefix, sources));
  }
  if (COMPARE.has(op)) {
    if (isField(left, '@timestamp') && right.kind === 'number') return { ...e, left: toMillis(left) };
    if (isField(right, '@timestamp') && left.kind === 'number') return { ...e, right: toMillis(right) };
  }
  return e;
}

/** Rebuilds an expression bottom-up, rewriting each node (subqueries are left as written). */
export function mapExpr(e: Expr, f: (e: Expr) => Expr): Expr {
  switch (e.kind) {
    case 'binary':
      return f({ ...e, left: mapExpr(e.left, f), right: mapExpr(e.right, f) });
    case 'unary':
      return f({ ...e, operand: mapExpr(e.operand, f) });
    case 'call':
      return f({ ...e, args: e.args.map((a) => mapExpr(a, f)) });
    case 'list':
      return f({ ...e, items: e.items.map((a) => mapExpr(a, f)) });
    case 'member':
      return f({ ...e, object: mapExpr(e.object, f) });
    case 'index':
      return f({ ...e, object: mapExpr(e.object, f), index: mapExpr(e.index, f) });
    default:
      return f(e);
  }
}

function rewriteCommand(c: Command, prefix: string): Command {
  return c.kind === 'filter' ? { ...c, expr: mapExpr(c.expr, (e) => rewriteNode(e, prefix)) } : c;
}

/** The query with `@log` and `@timestamp` comparisons in filters written the way CloudWatch reads them. */
export function rewriteForCloudWatch(q: Query, logGroupPrefix: string): Query {
  return { commands: q.commands.map((c) => rewriteCommand(c, logGroupPrefix)) };
}
