// The first CTE of a pipeline: events in the time range and sources. `SOURCE` (a query's first
// command) replaces the request's source list and may set its own time range.
import type { SourceCommand, SourceTime } from '@/lib/query';
import { EVENTS_TABLE, HOT_COLUMNS, SYSTEM_COLUMNS } from '../schema';
import { awsOnly, invalid } from './errors';
import { durationMs } from './expr';
import { int, type SqlParams } from './sql';

export interface SourceRange {
  start: number;
  end: number;
  /** SQL condition on `log`, or null for every source. */
  logCondition: string | null;
}

function timeOf(t: SourceTime, now: number): number {
  switch (t.kind) {
    case 'now':
      return now;
    case 'duration':
      return now + durationMs(t.value, t.unit);
    case 'number':
      // Epoch seconds (as the API takes) or milliseconds: 1e11 s is the year 5138.
      return Math.round(t.value < 1e11 ? t.value * 1000 : t.value);
    case 'string': {
      const ms = Date.parse(t.value);
      if (Number.isNaN(ms)) throw invalid(`cannot read ${JSON.stringify(t.value)} as a date and time`, t.span);
      return ms;
    }
  }
}

/** The range and sources of one pipeline. */
export function sourceRange(cmd: SourceCommand | undefined, base: { start: number; end: number; sources?: string[]; now: number }, params: SqlParams): SourceRange {
  if (!cmd) {
    const logCondition = base.sources && base.sources.length > 0 ? `log IN (${base.sources.map((s) => params.str(s)).join(', ')})` : null;
    return { start: base.start, end: base.end, logCondition };
  }
  const conds: string[] = [];
  for (const sel of cmd.selectors) {
    if (sel.type === 'dataSource') throw awsOnly('SOURCE dataSource(…) (CloudWatch data sources)', sel.span);
    if (sel.type === 'logGroup') {
      conds.push(`log = ${params.str(sel.name)}`);
      continue;
    }
    if (sel.accountIdentifiers?.length) throw awsOnly('SOURCE logGroups(accountIdentifiers: …) (cross-account queries)', sel.span);
    if (sel.class?.some((c) => c.toUpperCase() !== 'STANDARD')) throw awsOnly('SOURCE logGroups(class: …) (log classes)', sel.span);
    const prefixes = sel.namePrefix ?? [];
    conds.push(prefixes.length ? `(${prefixes.map((x) => `starts_with(log, ${params.str(x)})`).join(' OR ')})` : 'TRUE');
  }
  const start = cmd.start ? timeOf(cmd.start, base.now) : base.start;
  const end = cmd.end ? timeOf(cmd.end, base.now) : base.end;
  if (end < start) throw invalid('SOURCE end is before start', cmd.span);
  return { start, end, logCondition: conds.length ? `(${conds.join(' OR ')})` : null };
}

const COLUMNS = [...SYSTEM_COLUMNS.map((c) => c.column), ...HOT_COLUMNS.map((c) => c.column), 'attrs'];

/** WHERE condition over the events table for a range (shifted back by a stats offset). */
export function rangeCondition(r: SourceRange, offsetMs: number): string {
  const cond = `ts BETWEEN ${int(r.start - offsetMs)} AND ${int(r.end - offsetMs)}`;
  return r.logCondition ? `${cond} AND ${r.logCondition}` : cond;
}

/** The source stage: every event column; `ts` shifted forward by a stats offset. */
export function sourceSelect(r: SourceRange, offsetMs: number): string {
  const cols = COLUMNS.map((c) => (c === 'ts' && offsetMs !== 0 ? `ts + ${int(offsetMs)} AS ts` : c));
  return `SELECT ${cols.join(', ')} FROM ${EVENTS_TABLE} WHERE ${rangeCondition(r, offsetMs)}`;
}
