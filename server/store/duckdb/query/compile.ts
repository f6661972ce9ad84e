// compileToSql: a Query AST → one DuckDB statement over the events table, as a chain of CTEs
// (one per command), plus the statements that count matched and scanned events.
import type { Command, CommandKind, Query, SourceCommand } from '@/lib/query';
import { HOT_COLUMNS, SYSTEM_COLUMNS } from '../schema';
import {
  dedupCommand, displayCommand, fieldsCommand, filterCommand, filterIndexCommand, flushLimit, limitCommand, sortCommand,
  unnestCommand,
} from './cmd-basic';
import { appendcolsCommand, joinCommand } from './cmd-join';
import { parseCommand } from './cmd-parse';
import {
  accumCommand, addtotalsCommand, autoregressCommand, filldownCommand, outlierCommand, sessionizeCommand,
} from './cmd-shape';
import { countFrequentCommand, fillmissingCommand, statsCommand } from './cmd-stats';
import { awsOnly, invalid } from './errors';
import { durationMs, type Clock } from './expr';
import { patternCommand } from './pattern';
import { addStage, effectiveOrder, hoistInto, resolveOutput, type Pipeline, type Statement } from './pipeline';
import { eventScope } from './scope';
import { rangeCondition, sourceRange, sourceSelect } from './source';
import { finalize, SqlParams, type FinalSql, type ParamValue } from './sql';
import type { VType } from './values';

export interface CompileContext {
  /** Time range, epoch ms, inclusive. */
  start: number;
  end: number;
  /** Sources (`@log`) to read; all when empty or omitted. A query's SOURCE command replaces it. */
  sources?: string[];
  /** Rows returned when the query has no limit (CloudWatch: 10 000). */
  limitDefault?: number;
  /** Where `bin(1w)` weeks start (UTC midnight). Monday unless told otherwise. */
  weekStart?: 'monday' | 'sunday';
  /** The query's "now" (epoch ms) for now() and relative SOURCE times; defaults to Date.now(). */
  now?: number;
  /** Typed hot fields that also have wrong-typed values in attrs (HotTypeTracker). */
  mixedHotFields?: ReadonlySet<string>;
}

export interface OutputColumn {
  name: string;
  /** Column of the result set (`o0`, …). */
  column: string;
  type: VType;
  time: boolean;
}

export interface CompiledQuery {
  sql: string;
  /** Values for `$1`, `$2`, … of `sql`. */
  params: ParamValue[];
  /** `events`: whole events (system columns, hot columns, attrs) plus `columns`; else just `columns`. */
  shape: 'events' | 'columns';
  columns: OutputColumn[];
  /** Field names to display, in order. */
  fields: string[];
  /** Column of `sql` holding recordsMatched (aggregating queries), else null. */
  matchedColumn: string | null;
  /** Counts recordsMatched for queries without an aggregation (run when the result was cut). */
  count: FinalSql;
  /** recordsScanned. */
  scanned: FinalSql;
  limit: number;
  /** The query used `limit any`, or the result is cut by a limit (statistics need the count query). */
  limited: boolean;
}

type Handler = (p: Pipeline, c: never) => void;

/** Commands that need CloudWatch itself. */
const AWS_ONLY: Partial<Record<CommandKind, string>> = {
  anomaly: 'anomaly (machine-learned anomaly detection)',
  unmask: 'unmask (CloudWatch data protection)',
  lookup: 'lookup (CloudWatch lookup tables)',
  cidrlookup: 'cidrlookup (CloudWatch lookup tables)',
  diff: 'diff (pattern comparison with a previous period)',
  logcompare: 'logcompare (pattern comparison with a shifted period)',
};

const HANDLERS: Partial<Record<CommandKind, Handler>> = {
  fields: fieldsCommand, display: displayCommand, filter: filterCommand, filterIndex: filterIndexCommand,
  sort: sortCommand, limit: limitCommand, dedup: dedupCommand, unnest: unnestCommand, stats: statsCommand,
  countFrequent: countFrequentCommand, fillmissing: fillmissingCommand, parse: parseCommand, pattern: patternCommand,
  addtotals: addtotalsCommand, accum: accumCommand, autoregress: autoregressCommand, filldown: filldownCommand,
  outlier: outlierCommand, sessionize: sessionizeCommand, join: joinCommand, appendcols: appendcolsCommand,
};

function runCommand(p: Pipeline, c: Command): void {
  const refused = AWS_ONLY[c.kind];
  if (refused) throw awsOnly(refused, c.span);
  if (c.kind === 'source') throw invalid('SOURCE must be the first command of a query or subquery', c.span);
  const handler = HANDLERS[c.kind];
  if (!handler) throw invalid(`${c.kind} is not supported by the local engine`, c.span);
  if (c.kind !== 'limit') flushLimit(p);
  handler(p, c as never);
}

function source(query: Query): SourceCommand | undefined {
  const head = query.commands[0];
  return head?.kind === 'source' ? head : undefined;
}

function compilePipeline(stmt: Statement, query: Query, id: string, ctx: CompileContext, now: number, main = false): Pipeline {
  const [head, ...rest] = query.commands;
  const source = head?.kind === 'source' ? head : undefined;
  const commands = source ? rest : query.commands;
  const range = sourceRange(source, { ...ctx, now }, stmt.params);
  if (main) {
    // queryStartTime(), fillmissing, … see the range the query actually reads.
    stmt.clock.start = range.start;
    stmt.clock.end = range.end;
  }
  // `stats … by bin() offset d` compares with the past: read events d earlier, label them d later.
  const offset = commands.find((c) => c.kind === 'stats' && c.offset);
  const offsetMs = offset?.kind === 'stats' && offset.offset ? durationMs(offset.offset.value, offset.offset.unit) : 0;
  const p: Pipeline = {
    stmt, id, cur: '', scope: eventScope('', ctx.mixedHotFields), order: null, defaultOrder: ['ts DESC'], aggregated: false,
    output: { kind: 'events', extra: [] }, matchedCte: null, matchedColumn: null, statsCount: 0, bin: null, limit: null, pendingLimit: false, offsetMs,
    hoisted: new Map(),
  };
  p.scope.hoist = (v) => hoistInto(p, v);
  addStage(p, sourceSelect(range, Math.round(offsetMs)));
  for (const c of commands) runCommand(p, c);
  return p;
}

export function compileToSql(query: Query, ctx: CompileContext): CompiledQuery {
  const now = ctx.now ?? Date.now();
  const params = new SqlParams();
  const clock: Clock = { now, start: ctx.start, end: ctx.end, weekStart: ctx.weekStart ?? 'monday' };
  const stmt: Statement = {
    params, ctes: [], clock,
    nested: (q, id) => compilePipeline(stmt, q, id, { start: ctx.start, end: ctx.end, sources: ctx.sources, mixedHotFields: ctx.mixedHotFields }, now),
  };
  const p = compilePipeline(stmt, query, 'q', ctx, now, true);
  const limit = p.limit?.count ?? ctx.limitDefault ?? 10_000;
  const order = p.limit?.any ? [] : effectiveOrder(p);
  const orderBy = order.length ? ` ORDER BY ${order.join(', ')}` : '';
  const names = p.output.kind === 'events' ? p.output.extra : p.output.names;
  // Outputs that need computing (a JSON field, an expression) are computed after the sort and
  // limit, on the rows returned only; plain columns are selected as they are.
  const hoist = p.scope.hoist;
  delete p.scope.hoist;
  const plainOuts = names.every((n) => /^\w+$/.test(resolveOutput(p, n).sql));
  const beforeLimit = p.cur;
  if (!plainOuts) addStage(p, `SELECT * FROM ${p.cur}${orderBy} LIMIT ${limit}`);
  const columns: OutputColumn[] = [];
  const outs = names.map((n, i) => {
    const v = resolveOutput(p, n);
    columns.push({ name: n.name, column: `o${i}`, type: v.t, time: Boolean(v.time) });
    return `${v.sql} AS o${i}`;
  });
  if (hoist) p.scope.hoist = hoist;
  const eventCols = p.output.kind === 'events' ? [...SYSTEM_COLUMNS.map((c) => c.column), ...HOT_COLUMNS.map((c) => c.column), 'attrs'] : [];
  const matched = p.matchedColumn ? [`${p.matchedColumn} AS m`] : [];
  const final = plainOuts ? p.cur : addStage(p, `SELECT *, ${outs.join(', ')} FROM ${p.cur}`);
  const selectOuts = plainOuts ? outs : columns.map((c) => c.column);
  const selectCols = [...eventCols, ...selectOuts, ...matched].join(', ') || '1 AS _none';
  const main = finalize(stmt.ctes, `SELECT ${selectCols} FROM ${final}${orderBy} LIMIT ${limit}`, params);
  const count = finalize(stmt.ctes, `SELECT count(*) FROM ${p.matchedCte ?? beforeLimit}`, params);
  // Scanned events: the main pipeline's range and sources, straight from the table.
  const scanParams = new SqlParams();
  const cond = rangeCondition(sourceRange(source(query), { ...ctx, now }, scanParams), Math.round(p.offsetMs));
  const scanned = finalize([], `SELECT count(*) FROM events WHERE ${cond}`, scanParams);
  const fields = p.output.kind === 'events' ? ['@timestamp', '@message', ...columns.map((c) => c.name)] : columns.map((c) => c.name);
  return {
    sql: main.sql, params: main.params, shape: p.output.kind, columns, fields, matchedColumn: p.matchedColumn ? 'm' : null,
    count, scanned, limit, limited: p.limit !== null || p.matchedCte !== null,
  };
}
