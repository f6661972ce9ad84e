// Live tail's filter box: a bare expression or `filter …` commands → one JS predicate, with
// errors positioned (line/column) in the text the user typed.
import type { Expr } from './ast';
import { ParseFailure, type QueryError, toQueryError } from './errors';
import { parse } from './parser';
import { buildPredicate, type EventPredicate } from './predicate';
import { PredicateError } from './predicate-node';

export type FilterQueryResult =
  | { ok: true; predicate: EventPredicate; /** The filters ANDed (null: no filter). */ expr: Expr | null }
  | { ok: false; error: QueryError };

const PREFIX = 'filter ';

/**
 * Accepts a bare expression (`level = "error" and route like /checkout/`) or a query made only
 * of filter commands (`filter a | filter b`); returns the predicate of all filters ANDed, or an
 * error with line and column. Blank text matches every event.
 */
export function compileFilterQuery(text: string): FilterQueryResult {
  if (text.trim() === '') return { ok: true, predicate: () => true, expr: null };
  const asQuery = startsWithCommand(text);
  const source = asQuery ? text : PREFIX + text;
  const shift = asQuery ? 0 : PREFIX.length;
  const fail = (message: string, start = 0, end = start): FilterQueryResult => ({
    ok: false,
    error: toQueryError(text, new ParseFailure(message, Math.max(0, start - shift), Math.max(0, end - shift))),
  });
  const parsed = parse(source);
  if (!parsed.ok) {
    const { error } = parsed;
    return fail(error.message, error.offset, error.end);
  }
  const filters: Expr[] = [];
  for (const c of parsed.query.commands) {
    if (c.kind !== 'filter') {
      return fail(`live tail filters events one at a time; \`${commandWord(c.kind)}\` is not available here`, c.span?.start, c.span?.end);
    }
    filters.push(c.expr);
  }
  const expr = filters.reduce((a, b) => ({ kind: 'binary', op: 'and', left: a, right: b }) as Expr);
  try {
    return { ok: true, predicate: buildPredicate(expr), expr };
  } catch (error) {
    if (error instanceof PredicateError) return fail(error.message, error.span?.start, error.span?.end);
    throw error;
  }
}

const COMMAND_WORDS = new Set([
  'fields', 'display', 'filter', 'where', 'stats', 'sort', 'limit', 'parse', 'json', 'dedup', 'unnest', 'pattern',
  'anomaly', 'diff', 'logcompare', 'source', 'filterindex', 'unmask', 'lookup', 'join', 'addtotals', 'accum',
  'autoregress', 'filldown', 'fillmissing', 'cidrlookup', 'outlier', 'appendcols', 'sessionize', 'countfrequent',
  'count_frequent', 'head', 'tail',
]);

/** Whether the text starts with a command keyword (then it is a query, not a bare expression). */
function startsWithCommand(text: string): boolean {
  const m = /^(?:\s|#[^\n]*(?:\n|$))*([A-Za-z_]+)\s*(\S?)/.exec(text);
  if (!m || !COMMAND_WORDS.has(m[1].toLowerCase())) return false;
  // `filter = 3` or `limit.x > 1` compare a field that happens to share a command's name.
  return !/^[=!<>.~]/.test(m[2]);
}

function commandWord(kind: string): string {
  return kind === 'source' ? 'SOURCE' : kind;
}

