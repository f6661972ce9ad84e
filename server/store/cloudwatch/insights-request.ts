// What StartQuery is sent for one of our queries: the QL text printed from the AST (with the
// rewrites in insights-rewrite.ts), the time range in seconds, and the log groups.
import type { Command, Expr, Query, Span } from '@/lib/query';
import { printCommand } from '@/lib/query';
import type { TimeRange } from '../query-result';
import { rewriteForCloudWatch } from './insights-rewrite';
import { outputShape } from './insights-result';

/** StartQuery takes at most 50 log groups by name; more need `SOURCE logGroups(namePrefix: …)`. */
export const MAX_LOG_GROUPS_PER_QUERY = 50;

/** Which log groups a query reads: these names, or every group under a prefix. */
export type InsightsTarget = { groups: string[] } | { prefix: string };

export interface PreparedQuery {
  queryString: string;
  startTime: number;
  endTime: number;
  logGroupNames?: string[];
  /** Where each piece of queryString starts, and the user's command it came from (null: ours). */
  pieces: Array<{ offset: number; span: Span | undefined; ours: boolean }>;
}

/**
 * StartQuery takes whole seconds and includes both ends. The seconds are widened to cover the
 * millisecond range (floor the start, ceil the end), so no event at an edge is lost; the filter
 * from `exactRange` then drops what the widening let in, so an event just outside (say in the
 * next histogram bin or page) is never counted twice. Both ends are trimmed whichever way
 * CloudWatch reads "inclusive" within the end second.
 */
export function insightsSeconds(range: TimeRange): { startTime: number; endTime: number } {
  return { startTime: Math.floor(range.start / 1000), endTime: Math.ceil(range.end / 1000) };
}

/** `filter toMillis(@timestamp) >= start and toMillis(@timestamp) <= end` (epoch ms, inclusive). */
export function exactRange(range: TimeRange): Command {
  const ts: Expr = { kind: 'call', name: 'toMillis', args: [{ kind: 'field', path: ['@timestamp'] }] };
  return {
    kind: 'filter',
    expr: {
      kind: 'binary', op: 'and',
      left: { kind: 'binary', op: '>=', left: ts, right: { kind: 'number', value: range.start } },
      right: { kind: 'binary', op: '<=', left: ts, right: { kind: 'number', value: range.end } },
    },
  };
}

/** Whole events carry these, so a row can be expanded and shown in context like a local one. */
export const EVENT_FIELDS: Command = {
  kind: 'fields',
  items: ['@timestamp', '@message', '@log', '@logStream', '@ingestionTime'].map((name) => ({ expr: { kind: 'field', path: [name] } })),
};

const everyGroupUnder = (prefix: string): Command => ({ kind: 'source', selectors: [{ type: 'logGroups', namePrefix: [prefix] }] });

export function prepareQuery(ast: Query, range: TimeRange, target: InsightsTarget, logGroupPrefix: string): PreparedQuery {
  const original = ast.commands;
  const rewritten = rewriteForCloudWatch(ast, logGroupPrefix).commands;
  const ownSource = original[0]?.kind === 'source';
  // Leading SOURCE and filterIndex stay first; our range filter and event fields follow them.
  let lead = 0;
  while (lead < original.length && (original[lead].kind === 'source' || original[lead].kind === 'filterIndex')) lead++;
  const parts: Array<{ command: Command; span: Span | undefined; ours: boolean }> = [];
  const user = (i: number) => ({ command: rewritten[i], span: original[i].span, ours: false });
  if (!ownSource && 'prefix' in target) parts.push({ command: everyGroupUnder(target.prefix), span: undefined, ours: true });
  for (let i = 0; i < lead; i++) parts.push(user(i));
  // A SOURCE with its own start=/end= chooses its own range; StartQuery's still bounds it.
  const head = original[0];
  const ownRange = head?.kind === 'source' && (head.start !== undefined || head.end !== undefined);
  if (!ownRange) parts.push({ command: exactRange(range), span: undefined, ours: true });
  if (outputShape(ast).shape === 'events') parts.push({ command: EVENT_FIELDS, span: undefined, ours: true });
  for (let i = lead; i < original.length; i++) parts.push(user(i));

  const pieces: PreparedQuery['pieces'] = [];
  let text = '';
  for (const p of parts) {
    if (text) text += '\n| ';
    pieces.push({ offset: text.length, span: p.span, ours: p.ours });
    text += printCommand(p.command);
  }
  return {
    queryString: text,
    ...insightsSeconds(range),
    // A query's own SOURCE command chooses its log groups: StartQuery then takes none.
    ...(!ownSource && 'groups' in target ? { logGroupNames: target.groups } : {}),
    pieces,
  };
}

/** The user's command that holds `offset` of the sent text (for CloudWatch's compile errors). */
export function spanAt(prepared: PreparedQuery, offset: number): Span | undefined {
  let found: PreparedQuery['pieces'][number] | undefined;
  for (const p of prepared.pieces) if (p.offset <= offset) found = p;
  return found && !found.ours ? found.span : undefined;
}
