// Expression compiler: a QL expression → typed SQL (`Val`). Functions live in fn-*.ts; the
// operators in operators.ts; field names in scope.ts.
import type { CallExpr, Expr, Query, Span } from '@/lib/query';
import { isStatsFunction, printExpr } from '@/lib/query';
import { awsOnly, invalid } from './errors';
import { FUNCTIONS } from './functions';
import type { Compile } from './fn-types';
import { arithmetic, compare, inList, match } from './operators';
import { constNum, hoisted, indexInto, member, resolveField, type Scope } from './scope';
import type { SqlParams } from './sql';
import { readsNum, text, truthy, type Val } from './values';

export type { Compile } from './fn-types';

export interface Clock {
  /** Query start (`now`), epoch ms. */
  now: number;
  /** The query's time range, epoch ms, inclusive. */
  start: number;
  end: number;
  weekStart: 'monday' | 'sunday';
}

export interface ExprEnv {
  scope: Scope;
  params: SqlParams;
  clock: Clock;
  /** Inside stats: compiles an aggregate call over the input rows. */
  aggregate?: (call: CallExpr, env: ExprEnv) => Val;
  /** `x in (subquery)`: compiles the subquery and returns `SELECT <one column> FROM …` over text values. */
  subquery?: (q: Query, like: Expr, span?: Span) => string;
}

const DURATION_MS: Record<string, number> = {
  ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000,
  // Calendar units have no fixed length; as a plain number they mean their average length.
  mo: 2_629_746_000, q: 7_889_238_000, y: 31_556_952_000,
};

export function durationMs(value: number, unit: string): number {
  return value * (DURATION_MS[unit] ?? Number.NaN);
}

export function compileExpr(e: Expr, env: ExprEnv): Val {
  const c: Compile = (x) => compileExpr(x, env);
  if (env.scope.exprs.size > 0 && e.kind === 'call') {
    // After stats, `sum(Fault)` names the column the first stats computed.
    const prior = env.scope.exprs.get(printExpr(e));
    if (prior) return prior;
  }
  switch (e.kind) {
    case 'string':
      return { sql: env.params.str(e.value), t: 'str', lit: e.value };
    case 'number':
      return constNum(e.value);
    case 'boolean':
      return { sql: e.value ? 'TRUE' : 'FALSE', t: 'bool', lit: e.value };
    case 'duration':
      return constNum(durationMs(e.value, e.unit));
    case 'regex':
      throw invalid('a regular expression can only follow like, not like or =~ (or parse)', e.span);
    case 'list':
      throw invalid('a list can only follow in or not in', e.span);
    case 'star':
      throw invalid('* is only allowed as count(*)', e.span);
    case 'subquery':
      throw invalid('a subquery can only follow in or not in', e.span);
    case 'field':
      return resolveField(e.path, env.scope, env.params, e.span);
    case 'member':
      return hoisted(env.scope, member(c(e.object), [e.name], env.params));
    case 'index':
      return hoisted(env.scope, indexInto(c(e.object), c(e.index), env.params));
    case 'unary':
      if (e.op === 'not') return { sql: `(NOT ${truthy(c(e.operand))})`, t: 'bool' };
      return { sql: `(- ${readsNum(c(e.operand))})`, t: 'num' };
    case 'call':
      return compileCall(e, env, c);
    case 'binary':
      return compileBinary(e, env, c);
  }
}

function compileBinary(e: Extract<Expr, { kind: 'binary' }>, env: ExprEnv, c: Compile): Val {
  switch (e.op) {
    case 'and':
    case 'or':
      return { sql: `(${truthy(c(e.left))} ${e.op.toUpperCase()} ${truthy(c(e.right))})`, t: 'bool' };
    case '=':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=':
      return compare(e.op, c(e.left), c(e.right), env.params);
    case 'like':
    case 'not like':
    case '=~': {
      const negate = e.op === 'not like';
      const pattern = e.right.kind === 'regex' ? { regex: e.right.pattern, span: e.right.span } : c(e.right);
      return match(c(e.left), pattern, negate, env.params);
    }
    case 'in':
    case 'not in': {
      const negate = e.op === 'not in';
      if (e.right.kind === 'subquery') {
        if (!env.subquery) throw invalid('a subquery is not allowed here', e.right.span);
        const sub = env.subquery(e.right.query, e.left, e.right.span);
        const x = text(c(e.left));
        return { sql: negate ? `(NOT (${x} IN (${sub})))` : `(${x} IN (${sub}))`, t: 'bool' };
      }
      if (e.right.kind !== 'list') throw invalid(`${e.op} needs a list [a, b] or a subquery ( … )`, e.right.span);
      return inList(c(e.left), e.right.items.map(c), negate, env.params);
    }
    default:
      return arithmetic(e.op, c(e.left), c(e.right));
  }
}

function compileCall(e: CallExpr, env: ExprEnv, c: Compile): Val {
  if (isStatsFunction(e.name)) {
    if (!env.aggregate) throw invalid(`${e.name}() can only be used in stats`, e.span);
    return env.aggregate(e, env);
  }
  const impl = FUNCTIONS[e.name];
  if (!impl) {
    // Data protection masking exists only in CloudWatch.
    if (e.name === 'unmask') throw awsOnly('unmask()', e.span);
    throw invalid(`unknown function ${e.name}()`, e.span);
  }
  return impl(e.args, c, env, e);
}
