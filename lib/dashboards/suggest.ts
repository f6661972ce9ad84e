import type { Query } from '../query/ast';
import type { Visualization } from './model';

/** The visualization a query most likely wants: a line for time bins, bars for groups, a number for one total. */
export function suggestVisualization(query: Query | null): Visualization {
  const stats = query?.commands.findLast((c) => c.kind === 'stats');
  if (stats?.kind !== 'stats') return 'table';
  const binned = stats.groupBy.some((g) => g.expr.kind === 'call' && g.expr.name.toLowerCase() === 'bin');
  if (binned) return 'line';
  return stats.groupBy.length > 0 ? 'bar' : 'number';
}
