// Entry point: `parse(text)` → `{ok, query}` or `{ok: false, error}`. It never throws.
import type { Command, Query, Span } from './ast';
import { ParseFailure, type QueryError, toQueryError } from './errors';
import { CORE_COMMANDS, type CommandParser } from './parse-commands';
import { MORE_COMMANDS } from './parse-commands-more';
import { type ParseWork, TokenStream } from './parser-core';

export type ParseResult = { ok: true; query: Query } | { ok: false; error: QueryError };

/**
 * Deepest object nesting an accepted AST may have. Printing, stripping and compiling recurse
 * over the tree, so a 100 000-term `a+a+…` chain (which parses with loops) must be refused
 * here rather than overflow a consumer's stack later.
 */
export const MAX_AST_DEPTH = 1000;

const COMMANDS: Record<string, CommandParser> = { ...CORE_COMMANDS, ...MORE_COMMANDS };
const COMMAND_NAMES = [
  'fields', 'display', 'filter', 'where', 'stats', 'sort', 'limit', 'parse', 'json', 'dedup', 'unnest', 'pattern',
  'anomaly', 'diff', 'logcompare', 'SOURCE', 'filterIndex', 'unmask', 'lookup', 'join', 'addtotals', 'accum',
  'autoregress', 'filldown', 'fillmissing', 'cidrlookup', 'outlier', 'appendcols', 'sessionize', 'countFrequent',
];
const HINTS: Record<string, string> = {
  head: "'head' is deprecated in Logs Insights; use 'limit'",
  tail: "'tail' is deprecated in Logs Insights; use 'sort' and 'limit'",
  relevantfields: "'relevantfields' is listed by AWS but its syntax is not documented, so it is not supported",
  expand: "'expand' is listed by AWS but its syntax is not documented, so it is not supported",
};

function parseCommand(p: TokenStream, first: boolean): Command {
  const t = p.peek();
  const name = p.kw(t);
  const parser = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (parser === undefined) {
    if (Object.hasOwn(HINTS, name)) p.fail(HINTS[name], t);
    if (t.type === 'eof' && first) p.fail('The query is empty', t, ['command']);
    if (t.type === 'ident') p.fail(`Unknown command '${t.value.slice(0, 40)}'`, t, COMMAND_NAMES);
    p.unexpected(['command'], t);
  }
  if (name === 'source' && !first) p.fail('SOURCE must be the first command of a query', t);
  p.next();
  const cmd = parser(p, t);
  cmd.span = p.spanFrom(t.start);
  return cmd;
}

function parseQueryBody(p: TokenStream, inner: boolean): Query {
  const start = p.peek().start;
  const commands: Command[] = [];
  for (;;) {
    commands.push(parseCommand(p, commands.length === 0));
    const t = p.peek();
    if (p.acceptOp('|')) continue;
    if (inner ? p.isOp(t, ')') : t.type === 'eof') break;
    p.unexpected(inner ? ["'|'", "')'"] : ["'|'", 'end of query']);
  }
  return { commands, span: { start, end: p.lastEnd } };
}

function parseSubquery(p: TokenStream): Query {
  const outer = p.inStats;
  p.inStats = false;
  const q = parseQueryBody(p, true);
  p.inStats = outer;
  return q;
}

/**
 * Refuses trees deeper than MAX_AST_DEPTH. Iterative (the tree may be too deep to recurse) and
 * allocation-free per node: parallel stacks, `for…in`, spans skipped.
 */
function checkDepth(root: Query): void {
  const nodes: object[] = [root];
  const depths: number[] = [0];
  const nears: Array<Span | undefined> = [root.span];
  while (nodes.length > 0) {
    const node = nodes.pop() as Record<string, unknown>;
    const depth = depths.pop() as number;
    const near = nears.pop();
    const span = (node.span as Span | undefined) ?? near;
    if (depth > MAX_AST_DEPTH) {
      const at = span ?? { start: 0, end: 0 };
      throw new ParseFailure(`The query nests too deeply (more than ${MAX_AST_DEPTH} levels of operations)`, at.start, at.end);
    }
    const isArray = Array.isArray(node);
    for (const key in node) {
      const v = node[key];
      if (key === 'span' || v === null || typeof v !== 'object') continue;
      nodes.push(v);
      depths.push(isArray ? depth : depth + 1);
      nears.push(span);
    }
  }
}

export interface ParseWithWork {
  result: ParseResult;
  work: ParseWork;
}

/** `parse`, plus how much lexing it took (for linear-time tests and benchmarks). */
export function parseWithWork(text: string): ParseWithWork {
  if (typeof text !== 'string') {
    const error = toQueryError('', new ParseFailure('The query must be text', 0, 0));
    return { result: { ok: false, error }, work: { tokens: 0, chars: 0, steps: 0 } };
  }
  const p = new TokenStream(text);
  p.subquery = parseSubquery;
  try {
    const query = parseQueryBody(p, false);
    checkDepth(query);
    return { result: { ok: true, query }, work: p.work };
  } catch (e) {
    // Anything else is a bug; still answer with a positioned error rather than throw.
    const f = e instanceof ParseFailure ? e : new ParseFailure(`Internal error: ${e instanceof Error ? e.message : String(e)}`, 0, 0);
    return { result: { ok: false, error: toQueryError(text, f) }, work: p.work };
  }
}

export function parse(text: string): ParseResult {
  return parseWithWork(text).result;
}
