// Queries Explore derives from the one on screen: the volume histogram, a facet's top values, an
// added filter. They keep the commands that select events and drop the ones that shape output.
import type { Command, Expr, Query } from './ast';
import { parseDuration } from './builder';

/** Commands that decide which events count (as opposed to how results are shaped). */
const SELECTING = new Set<Command['kind']>(['source', 'filter', 'parse', 'filterIndex', 'unnest', 'fields']);

/** The commands before the first `stats` that select events. */
export function selectingPrefix(q: Query): Command[] {
  const out: Command[] = [];
  for (const c of q.commands) {
    if (c.kind === 'stats') break;
    if (SELECTING.has(c.kind)) out.push(c);
  }
  return out;
}

const field = (name: string): Expr => ({ kind: 'field', path: name.split('.') });
const literal = (v: string | number): Expr => (typeof v === 'number' ? { kind: 'number', value: v } : { kind: 'string', value: v });
const compare = (name: string, op: '=' | '<=' | '>', v: string | number): Expr => ({ kind: 'binary', op, left: field(name), right: literal(v) });
const both = (left: Expr, right: Expr): Expr => ({ kind: 'binary', op: 'and', left, right });

/** Events per time bin for the histogram. */
export function histogramQuery(q: Query, bin: string): Query {
  return {
    commands: [
      ...selectingPrefix(q),
      { kind: 'stats', aggregations: [{ expr: { kind: 'call', name: 'count', args: [{ kind: 'star' }] }, alias: { name: 'events' } }], groupBy: [{ expr: { kind: 'call', name: 'bin', args: [parseDuration(bin)] } }] },
    ],
  };
}

/** The most frequent values of one field among the events the query selects. */
export function facetQuery(q: Query, name: string, limit = 10): Query {
  return {
    commands: [
      ...selectingPrefix(q),
      { kind: 'filter', expr: { kind: 'call', name: 'ispresent', args: [field(name)] } },
      { kind: 'stats', aggregations: [{ expr: { kind: 'call', name: 'count', args: [{ kind: 'star' }] }, alias: { name: 'events' } }], groupBy: [{ expr: field(name) }] },
      { kind: 'sort', keys: [{ expr: field('events'), order: 'desc' }] },
      { kind: 'limit', count: limit, any: false },
    ],
  };
}

/** The query with one more condition, placed before any `stats` so it filters events. */
export function addFilter(q: Query, condition: Expr): Query {
  const at = q.commands.findIndex((c) => c.kind === 'stats' || c.kind === 'sort' || c.kind === 'limit' || c.kind === 'dedup');
  const cmd: Command = { kind: 'filter', expr: condition };
  const commands = [...q.commands];
  commands.splice(at === -1 ? commands.length : at, 0, cmd);
  return { commands };
}

/** `field = value` (or `!=`), typed like the value, for one-click include/exclude. */
export function equalsCondition(name: string, value: string | number | boolean | null, exclude: boolean): Expr {
  if (value === null) {
    const present: Expr = { kind: 'call', name: 'ispresent', args: [field(name)] };
    return exclude ? present : { kind: 'unary', op: 'not', operand: present };
  }
  const right: Expr = typeof value === 'number' ? { kind: 'number', value } : { kind: 'string', value: String(value) };
  return { kind: 'binary', op: exclude ? '!=' : '=', left: field(name), right };
}

/** Events around one event in the same stream: `before` older ones or `after` newer ones. */
export function contextQuery(stream: string, timestamp: number, side: 'before' | 'after', count = 25): Query {
  const ts = field('@timestamp');
  return {
    commands: [
      { kind: 'filter', expr: both(compare('@logStream', '=', stream), compare('@timestamp', side === 'before' ? '<=' : '>', timestamp)) },
      { kind: 'sort', keys: [{ expr: ts, order: side === 'before' ? 'desc' : 'asc' }] },
      { kind: 'limit', count, any: false },
    ],
  };
}

/**
 * The whole event behind a result row that only carries some columns (`fields …`): found by its
 * time and raw line, which together identify it in practice.
 */
export function wholeEventQuery(timestamp: number, message: string): Query {
  return {
    commands: [
      { kind: 'filter', expr: both(compare('@timestamp', '=', timestamp), compare('@message', '=', message)) },
      { kind: 'limit', count: 1, any: false },
    ],
  };
}
