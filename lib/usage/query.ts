import type { Command, Expr, Query } from '../query/ast';
import { parse } from '../query/parser';
import { print } from '../query/printer';
import type { UsageSettings } from './settings';

const field = (name: string): Expr => ({ kind: 'field', path: name.split('.') });
const call = (name: string, ...args: Expr[]): Expr => ({ kind: 'call', name, args });

export type UsageQueryResult = { ok: true; query: Query; ql: string } | { ok: false; error: string };

/**
 * The usage event as filter commands, or why it is not one. Built into an AST, never pasted into
 * query text, so an event filter cannot smuggle in other commands.
 */
export function usageFilter(eventFilter: string): { ok: true; commands: Command[] } | { ok: false; error: string } {
  const parsed = parse(`filter ${eventFilter}`);
  if (!parsed.ok) return { ok: false, error: `the usage event is not a valid filter: ${parsed.error.message} (column ${Math.max(1, parsed.error.column - 7)})` };
  if (!parsed.query.commands.every((c) => c.kind === 'filter')) return { ok: false, error: 'the usage event must be a filter expression only, such as event = "feature_used"' };
  return { ok: true, commands: parsed.query.commands };
}

/** Uses and unique users per feature among the usage events: run once per week. */
export function weeklyUsageQuery(s: Pick<UsageSettings, 'eventFilter' | 'featureField' | 'userField'>, feature?: string): UsageQueryResult {
  const filter = usageFilter(s.eventFilter);
  if (!filter.ok) return filter;
  const commands: Command[] = [...filter.commands];
  if (feature !== undefined) commands.push({ kind: 'filter', expr: { kind: 'binary', op: '=', left: field(s.featureField), right: { kind: 'string', value: feature } } });
  commands.push({
    kind: 'stats',
    aggregations: [
      { expr: call('count', { kind: 'star' }), alias: { name: 'uses' } },
      { expr: call('count_distinct', field(s.userField)), alias: { name: 'users' } },
    ],
    groupBy: [{ expr: field(s.featureField) }],
  });
  const query: Query = { commands };
  return { ok: true, query, ql: print(query) };
}
