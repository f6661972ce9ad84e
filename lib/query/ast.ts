// Logs Insights QL AST, part 2: commands and the query. Expressions live in ast-expr.ts.
import type {
  BooleanLit, DurationLit, Expr, FieldRef, Ident, NumberLit, RegexLit, Span, StringLit, WildcardRef,
} from './ast-expr';

export * from './ast-expr';

/** `expr [as alias]` in fields, display, stats and stats … by. */
export interface Projection {
  expr: Expr;
  alias?: Ident;
  span?: Span;
}

export interface SortKey {
  expr: Expr;
  /** Omitted when the user wrote no direction (the docs do not state the default). */
  order?: 'asc' | 'desc';
  span?: Span;
}

// ---------------------------------------------------------------------------------------------
// Commands

interface CommandBase {
  span?: Span;
}

export interface FieldsCommand extends CommandBase {
  kind: 'fields';
  items: Projection[];
}
export interface DisplayCommand extends CommandBase {
  kind: 'display';
  items: Projection[];
}
/** `filter expr`; `where expr` parses to this too (it is a documented alias). */
export interface FilterCommand extends CommandBase {
  kind: 'filter';
  expr: Expr;
}
export interface StatsCommand extends CommandBase {
  kind: 'stats';
  aggregations: Projection[];
  groupBy: Projection[];
  /** `stats … by bin(5m) offset 1h` */
  offset?: DurationLit;
}
export interface SortCommand extends CommandBase {
  kind: 'sort';
  keys: SortKey[];
}
export interface LimitCommand extends CommandBase {
  kind: 'limit';
  count: number;
  /** `limit any N`: stop as soon as N events match. */
  any: boolean;
}

/** `parse [source] "glob" as a, b` — one alias per `*`. */
export interface ParseGlobCommand extends CommandBase {
  kind: 'parse';
  mode: 'glob';
  source?: FieldRef;
  pattern: StringLit;
  aliases: Ident[];
}
/** `parse [source] /regex/ [multi] [as a, b]` — fields come from `(?<name>…)` groups. */
export interface ParseRegexCommand extends CommandBase {
  kind: 'parse';
  mode: 'regex';
  source?: FieldRef;
  regex: RegexLit;
  multi: boolean;
  aliases: Ident[];
}
/** `parse [source] logfmt as lf` — a map read as `lf.key`. */
export interface ParseLogfmtCommand extends CommandBase {
  kind: 'parse';
  mode: 'logfmt';
  source?: FieldRef;
  alias: Ident;
}
/** `parse [source] csv as a, b, c` */
export interface ParseCsvCommand extends CommandBase {
  kind: 'parse';
  mode: 'csv';
  source?: FieldRef;
  aliases: Ident[];
}
/** `json field=source "key.subkey" as alias` — extraction from a parsed object field. */
export interface ParseJsonCommand extends CommandBase {
  kind: 'parse';
  mode: 'json';
  source: FieldRef;
  path: StringLit;
  alias: Ident;
}
export type ParseCommand =
  | ParseGlobCommand
  | ParseRegexCommand
  | ParseLogfmtCommand
  | ParseCsvCommand
  | ParseJsonCommand;

export interface DedupCommand extends CommandBase {
  kind: 'dedup';
  fields: FieldRef[];
}
export interface UnnestCommand extends CommandBase {
  kind: 'unnest';
  expr: Expr;
  into: Ident;
}
export interface PatternCommand extends CommandBase {
  kind: 'pattern';
  expr: Expr;
}
export interface AnomalyCommand extends CommandBase {
  kind: 'anomaly';
}
export type DiffPeriod = 'previousDay' | 'previousWeek' | 'previousMonth';
export interface DiffCommand extends CommandBase {
  kind: 'diff';
  period?: DiffPeriod;
}
export interface LogcompareCommand extends CommandBase {
  kind: 'logcompare';
  timeshift: DurationLit;
}

export interface LogGroupsSelector {
  type: 'logGroups';
  namePrefix?: string[];
  accountIdentifiers?: string[];
  class?: string[];
  span?: Span;
}
export interface DataSourceSelector {
  type: 'dataSource';
  names: string[];
  span?: Span;
}
/** `SOURCE lg` or `SOURCE '/aws/lambda/fn'` */
export interface LogGroupSelector {
  type: 'logGroup';
  name: string;
  span?: Span;
}
export type SourceSelector = LogGroupsSelector | DataSourceSelector | LogGroupSelector;
/** `start=` / `end=` values: `-1d`, `now`, epoch numbers or date strings. */
export type SourceTime = { kind: 'now'; span?: Span } | DurationLit | NumberLit | StringLit;
/** `SOURCE …` — only valid as the first command of a query or subquery. */
export interface SourceCommand extends CommandBase {
  kind: 'source';
  selectors: SourceSelector[];
  start?: SourceTime;
  end?: SourceTime;
}

export type IndexValue = StringLit | NumberLit | BooleanLit;
/** `filterIndex f = "v"` (one value) or `filterIndex f in ["a", "b"]`. */
export interface FilterIndexCommand extends CommandBase {
  kind: 'filterIndex';
  field: FieldRef;
  op: '=' | 'in';
  values: IndexValue[];
}
export interface UnmaskCommand extends CommandBase {
  kind: 'unmask';
  expr?: Expr;
}

export type OutputMode = 'OUTPUT' | 'OUTPUTNEW';
export interface LookupKey {
  /** Column in the lookup table. */
  lookupField: Ident;
  /** Event field matched against it; omitted when it has the same name. */
  logField?: FieldRef;
  span?: Span;
}
export interface LookupOutput {
  field: Ident;
  alias?: Ident;
  span?: Span;
}
/** `lookup table key [as logField], … OUTPUT|OUTPUTNEW col [as alias], …` */
export interface LookupCommand extends CommandBase {
  kind: 'lookup';
  table: Ident;
  keys: LookupKey[];
  mode: OutputMode;
  outputs: LookupOutput[];
}
/** `join [type=inner|left] [left=a] [right=b] where cond ( <query> )` */
export interface JoinCommand extends CommandBase {
  kind: 'join';
  type?: 'inner' | 'left';
  left?: Ident;
  right?: Ident;
  on: Expr;
  query: Query;
}
/** `addtotals [fieldname=Name] [row=bool] [col=bool] [field, …]` */
export interface AddtotalsCommand extends CommandBase {
  kind: 'addtotals';
  fieldname?: Ident;
  row?: boolean;
  col?: boolean;
  fields: FieldRef[];
}
export interface AccumCommand extends CommandBase {
  kind: 'accum';
  field: FieldRef;
  alias?: Ident;
}
/** `autoregress field [as alias] [p=start[-end]]` */
export interface AutoregressCommand extends CommandBase {
  kind: 'autoregress';
  field: FieldRef;
  alias?: Ident;
  p?: { start: number; end?: number };
}
/** `filldown [field …]` — names may hold `*` wildcards. */
export interface FilldownCommand extends CommandBase {
  kind: 'filldown';
  fields: Array<FieldRef | WildcardRef>;
}
export interface FillValue {
  value: Expr;
  field: FieldRef;
  span?: Span;
}
/** `fillmissing [with value for field, …]` */
export interface FillmissingCommand extends CommandBase {
  kind: 'fillmissing';
  fills: FillValue[];
}
/** `cidrlookup table ipField [as cidrColumn] OUTPUT|OUTPUTNEW col [as field], …` */
export interface CidrlookupCommand extends CommandBase {
  kind: 'cidrlookup';
  table: Ident;
  field: FieldRef;
  cidrColumn?: Ident;
  mode: OutputMode;
  outputs: LookupOutput[];
}
/** `outlier [action=remove|transform] [param=n] [uselower=bool] [mark=bool] field …` */
export interface OutlierCommand extends CommandBase {
  kind: 'outlier';
  action?: 'remove' | 'transform';
  param?: number;
  uselower?: boolean;
  mark?: boolean;
  fields: FieldRef[];
}
/** `appendcols [override=bool] [max=n] ( <query> )` */
export interface AppendcolsCommand extends CommandBase {
  kind: 'appendcols';
  override?: boolean;
  max?: number;
  query: Query;
}
/** `sessionize field, … [maxspan duration] [as out]` */
export interface SessionizeCommand extends CommandBase {
  kind: 'sessionize';
  fields: FieldRef[];
  maxspan?: DurationLit;
  alias?: Ident;
}
/** `countFrequent field, …` (also spelled `count_frequent`). */
export interface CountFrequentCommand extends CommandBase {
  kind: 'countFrequent';
  fields: FieldRef[];
}

export type Command =
  | FieldsCommand
  | DisplayCommand
  | FilterCommand
  | StatsCommand
  | SortCommand
  | LimitCommand
  | ParseCommand
  | DedupCommand
  | UnnestCommand
  | PatternCommand
  | AnomalyCommand
  | DiffCommand
  | LogcompareCommand
  | SourceCommand
  | FilterIndexCommand
  | UnmaskCommand
  | LookupCommand
  | JoinCommand
  | AddtotalsCommand
  | AccumCommand
  | AutoregressCommand
  | FilldownCommand
  | FillmissingCommand
  | CidrlookupCommand
  | OutlierCommand
  | AppendcolsCommand
  | SessionizeCommand
  | CountFrequentCommand;

export type CommandKind = Command['kind'];

/** A whole query, or a subquery (join right side, `in ( … )`, appendcols). */
export interface Query {
  commands: Command[];
  span?: Span;
}

/** The flattened field name CloudWatch and the local store use: `user.id`. */
export function fieldName(f: FieldRef): string {
  return f.path.join('.');
}
