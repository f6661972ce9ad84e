// CloudWatch's GetQueryResults rows (arrays of {field, value} strings) shaped the way the local
// engine shapes its results (server/store/duckdb/query/result.ts), so Explore, charts and saved
// query runs cannot tell the modes apart: the same column order, numbers as numbers,
// `@timestamp` as `2024-09-02 00:00:00.123` (UTC), `@log` as the source, and whole-event rows
// that carry every field (read from the event's JSON @message) for the details panel.
import type { ResultField, QueryStatistics as CwStatistics } from '@aws-sdk/client-cloudwatch-logs';
import { flatten, normalizeField } from '@/lib/events';
import { fieldName, functionCategory, parseOutputs, printExpr, type Expr, type Projection, type Query } from '@/lib/query';
import { formatTimestamp } from '../duckdb/query/result';
import type { QueryResult, QueryStatistics, ResultValue } from '../query-result';
import { sourceOfLogGroup } from './log-groups';

/** How a column's text is read back. */
type ColumnKind = 'time' | 'number' | 'text' | 'auto';

export interface OutputShape {
  /** `events`: whole events (no fields/display/stats…); `columns`: just the named outputs. */
  shape: 'events' | 'columns';
  /** Outputs in display order (for events: those after @timestamp and @message). */
  columns: Array<{ name: string; kind: ColumnKind }>;
}

const TEXT_FIELDS = new Set(['@message', '@log', '@logStream', '@ptr', 'user.id', 'request.id', 'session.id', 'trace.id', 'span.id']);
const TIME_FIELDS = new Set(['@timestamp', '@ingestionTime']);
const TIME_FUNCTIONS = new Set(['bin', 'datefloor', 'dateceil', 'fromMillis']);
const NUMBER_FUNCTIONS = new Set([
  'count', 'count_distinct', 'sum', 'avg', 'stddev', 'pct', 'rate', 'count_over_time', 'sum_over_time', 'countOverTime', 'sumOverTime',
  'toMillis', 'now', 'queryStartTime', 'queryEndTime', 'queryTimeRange', 'strlen', 'messageSize', 'jsonArraySize', 'ipv4ToNumber', 'hexToDec',
]);

function fieldKind(name: string): ColumnKind {
  if (TIME_FIELDS.has(name)) return 'time';
  return TEXT_FIELDS.has(name) ? 'text' : 'auto';
}

function exprKind(e: Expr): ColumnKind {
  if (e.kind === 'field') return fieldKind(fieldName(e));
  if (e.kind === 'number') return 'number';
  if (e.kind === 'string') return 'text';
  if (e.kind === 'binary' && ['+', '-', '*', '/', '%', '^'].includes(e.op)) return 'number';
  if (e.kind !== 'call') return 'auto';
  if (TIME_FUNCTIONS.has(e.name)) return 'time';
  if (NUMBER_FUNCTIONS.has(e.name) || functionCategory(e.name) === 'numeric') return 'number';
  // min/max/earliest/latest keep their argument's kind: earliest(@timestamp) is a time.
  if (['min', 'max', 'earliest', 'latest', 'sortsFirst', 'sortsLast'].includes(e.name) && e.args[0]) return exprKind(e.args[0]);
  return 'auto';
}

function projected(p: Projection): { name: string; kind: ColumnKind } {
  const name = p.alias ? p.alias.name : p.expr.kind === 'field' ? fieldName(p.expr) : printExpr(p.expr);
  return { name, kind: exprKind(p.expr) };
}

/** What the query outputs, in order, following the local engine's rules (cmd-basic, cmd-stats). */
export function outputShape(q: Query): OutputShape {
  let shape: OutputShape['shape'] = 'events';
  let columns: OutputShape['columns'] = [];
  let fixed = false; // display, stats and the like decide the columns alone
  const add = (cols: OutputShape['columns']) => {
    for (const c of cols) if (!columns.some((x) => x.name === c.name)) columns.push(c);
  };
  for (const c of q.commands) {
    switch (c.kind) {
      case 'fields':
        if (shape === 'events') [shape, columns] = ['columns', []];
        if (!fixed) add(c.items.map(projected));
        break;
      case 'display':
        [shape, columns, fixed] = ['columns', c.items.map(projected), true];
        break;
      case 'stats':
        [shape, columns, fixed] = ['columns', [...c.groupBy.map(projected), ...c.aggregations.map(projected)], true];
        break;
      case 'countFrequent':
        [shape, columns, fixed] = ['columns', [...c.fields.map((f) => ({ name: fieldName(f), kind: fieldKind(fieldName(f)) })), { name: '_approxcount', kind: 'number' as const }], true];
        break;
      case 'pattern':
        [shape, columns, fixed] = ['columns', [{ name: '@pattern', kind: 'text' }, { name: '@ratio', kind: 'number' }, { name: '@sampleCount', kind: 'number' }, { name: '@severityLabel', kind: 'text' }], true];
        break;
      case 'parse':
        if (!fixed) add(parseOutputs(c).map((name) => ({ name, kind: 'auto' as const })));
        break;
      case 'unnest':
        if (!fixed) add([{ name: c.into.name, kind: 'auto' }]);
        break;
      default:
        break;
    }
  }
  return { shape, columns };
}

const NUMBER = /^-?(0|[1-9]\d{0,14})(\.\d+)?([eE][+-]?\d{1,3})?$/;

function typed(text: string, kind: ColumnKind, name: string, logGroupPrefix: string): ResultValue {
  if (name === '@log') return sourceOfLogGroup(logGroupPrefix, text.slice(text.indexOf(':') + 1)) ?? text;
  switch (kind) {
    case 'text':
      return text;
    case 'time':
      // CloudWatch prints times as we do; an epoch-ms number (moto, toMillis) is formatted.
      return /^\d{1,16}$/.test(text) ? formatTimestamp(Number(text)) : text;
    case 'number': {
      const n = Number(text);
      return text.trim() !== '' && Number.isFinite(n) ? n : text;
    }
    default:
      // CloudWatch results carry no types: canonical numbers and booleans are read as such.
      if (NUMBER.test(text)) return Number(text);
      if (text === 'true' || text === 'false') return text === 'true';
      return text;
  }
}

const RESULT_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/;

/** `2024-09-02 00:00:00.123` (UTC, as results print times) → epoch ms. */
export function parseResultTime(v: ResultValue | undefined): number | null {
  return typeof v === 'string' && RESULT_TIME.test(v) ? Date.parse(`${v.replace(' ', 'T')}Z`) : null;
}

/** The fields of an event's JSON @message, normalized and flattened as the pipeline stores them. */
function messageFields(message: ResultValue): Record<string, ResultValue> {
  if (typeof message !== 'string' || !message.startsWith('{')) return {};
  try {
    const value = JSON.parse(message) as unknown;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
    return { ...flatten(value as Record<string, unknown>, [], normalizeField).fields };
  } catch {
    return {};
  }
}

export function mapRows(q: Query, results: ResultField[][], logGroupPrefix: string): Pick<QueryResult, 'fields' | 'rows'> {
  const { shape, columns } = outputShape(q);
  const kinds = new Map(columns.map((c) => [c.name, c.kind]));
  const fields = shape === 'events' ? ['@timestamp', '@message', ...columns.map((c) => c.name)] : columns.map((c) => c.name);
  const extra: string[] = [];
  const rows = results.map((cells) => {
    const row: Record<string, ResultValue> = Object.create(null) as Record<string, ResultValue>;
    for (const { field, value } of cells) {
      if (!field || field === '@ptr' || value === undefined) continue;
      row[field] = typed(value, kinds.get(field) ?? fieldKind(field), field, logGroupPrefix);
      if (shape === 'columns' && !kinds.has(field) && !extra.includes(field)) extra.push(field);
    }
    if (shape === 'events') {
      const more = messageFields(row['@message']);
      for (const k of Object.keys(more)) if (!(k in row)) row[k] = more[k];
    }
    return row;
  });
  // Outputs the query did not name but CloudWatch returned (a function we do not model) still show.
  return { fields: [...fields, ...extra], rows: rows.map((r) => ({ ...r })) };
}

/** Bytes in the gigabyte AWS bills by (2^30). */
export const BYTES_PER_GB = 1024 ** 3;

export function estimatedCost(bytesScanned: number, pricePerGb: number): number {
  return (bytesScanned / BYTES_PER_GB) * pricePerGb;
}

export function mapStatistics(s: CwStatistics | undefined, pricePerGb: number): QueryStatistics {
  const bytesScanned = Math.round(s?.bytesScanned ?? 0);
  return {
    recordsMatched: Math.round(s?.recordsMatched ?? 0),
    recordsScanned: Math.round(s?.recordsScanned ?? 0),
    bytesScanned,
    estimatedCostUsd: estimatedCost(bytesScanned, pricePerGb),
  };
}
