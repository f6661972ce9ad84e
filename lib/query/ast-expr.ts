// Logs Insights QL AST, part 1: names and expressions (commands are in ast.ts). Every surface
// (QL text, builder, SQL, JS predicate, filter pattern, plain English) converts to or from these
// plain, JSON-serializable objects.
//
// Spans: nodes a user can get an error about carry an optional `span` with source offsets.
// Spans never matter for equality: compare with `stripSpans(a)` vs `stripSpans(b)`.
// Absent optional parts are omitted (never set to `undefined`) so `toStrictEqual` works.

import type { Query } from './ast';

export interface Span {
  start: number;
  end: number;
}

// ---------------------------------------------------------------------------------------------
// Names

/** A plain name that is not a field reference: alias, lookup-table name, join alias, … */
export interface Ident {
  /** The name as the user means it (dotted aliases are joined: `as a.b` → "a.b"). */
  name: string;
  span?: Span;
}

// ---------------------------------------------------------------------------------------------
// Expressions

export type DurationUnit = 'ms' | 's' | 'm' | 'h' | 'd' | 'w' | 'mo' | 'q' | 'y';

export interface StringLit {
  kind: 'string';
  value: string;
  span?: Span;
}
export interface NumberLit {
  kind: 'number';
  /** Always finite; a leading minus on a literal is folded in (`-5` is one literal). */
  value: number;
  span?: Span;
}
export interface BooleanLit {
  kind: 'boolean';
  value: boolean;
  span?: Span;
}
/** A time period: `5m`, `1h`, `-1d`, `2mo`. The unit is normalized (`hrs` → `h`). */
export interface DurationLit {
  kind: 'duration';
  value: number;
  unit: DurationUnit;
  span?: Span;
}
/** `/…/`: `pattern` is the raw text between the slashes, inline flags like `(?i)` included. */
export interface RegexLit {
  kind: 'regex';
  pattern: string;
  span?: Span;
}
/**
 * A log field. `path` holds the dotted segments as written: `user.id` → ["user", "id"],
 * `` json.`a.b` `` → ["json", "a.b"], `` @`x-y` `` → ["@x-y"], `items.0.id` → ["items", "0", "id"].
 * The flattened name CloudWatch uses is `path.join('.')` (see `fieldName`).
 */
export interface FieldRef {
  kind: 'field';
  path: string[];
  span?: Span;
}
/** A field name with `*` wildcards (only `filldown` accepts these): `cpu*`. */
export interface WildcardRef {
  kind: 'wildcard';
  pattern: string;
  span?: Span;
}
export interface ListExpr {
  kind: 'list';
  items: Expr[];
  span?: Span;
}
/** `count(*)`: the `*` argument. Only valid as a call argument. */
export interface StarExpr {
  kind: 'star';
  span?: Span;
}
/**
 * A function call. Known functions get their documented spelling (`ISPRESENT` → `ispresent`,
 * `jsonparse` → `jsonParse`); unknown names are kept as written. Zero-argument functions written
 * bare (`now`, `queryStartTime`, and `count` inside `stats`) become calls with no arguments.
 */
export interface CallExpr {
  kind: 'call';
  name: string;
  args: Expr[];
  span?: Span;
}
/** `expr.name` on something that is not a field (fields just grow their path). */
export interface MemberExpr {
  kind: 'member';
  object: Expr;
  name: string;
  span?: Span;
}
/** `expr[index]`: list access on `jsonParse` results. */
export interface IndexExpr {
  kind: 'index';
  object: Expr;
  index: Expr;
  span?: Span;
}
export type UnaryOp = 'not' | '-';
/** `not x` (also written `!x`) and `-x`. */
export interface UnaryExpr {
  kind: 'unary';
  op: UnaryOp;
  operand: Expr;
  span?: Span;
}
export type LogicalOp = 'and' | 'or';
export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type MatchOp = 'like' | 'not like' | '=~';
export type SetOp = 'in' | 'not in';
export type ArithOp = '+' | '-' | '*' | '/' | '%' | '^';
export type BinaryOp = LogicalOp | CompareOp | MatchOp | SetOp | ArithOp;
export interface BinaryExpr {
  kind: 'binary';
  op: BinaryOp;
  left: Expr;
  right: Expr;
  span?: Span;
}
/** `field in ( <query> )`. */
export interface SubqueryExpr {
  kind: 'subquery';
  query: Query;
  span?: Span;
}

export type Literal = StringLit | NumberLit | BooleanLit | DurationLit | RegexLit;
export type Expr =
  | Literal
  | FieldRef
  | ListExpr
  | StarExpr
  | CallExpr
  | MemberExpr
  | IndexExpr
  | UnaryExpr
  | BinaryExpr
  | SubqueryExpr;

