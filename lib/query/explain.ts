// explain(query): the query in plain English, for people who do not read QL.
//   filter level = "error" | stats count(*) by route, bin(1h) | sort count(*) desc
//   → "Count events where level is error, per route, per hour, most first."
// Filters attach to the command they feed (stats, fields, …); a sort and limit right after stats
// fold into its sentence. Every command kind has a phrase; the output is deterministic.
import type {
  Command, DiffPeriod, Expr, LimitCommand, ParseCommand, Projection, Query, SortCommand, SourceCommand, StatsCommand,
} from './ast';
import { condition, durationWords, isCountAll, list, perPeriod, value } from './explain-expr';
import { regexNamedGroups } from './inspect';
import { printExpr, printName, printPath } from './print-expr';
import { commandMore } from './explain-more';

export function explain(query: Query): string {
  const sentences: string[] = [];
  const cmds = query.commands;
  let where: string[] = [];
  const whereText = () => (where.length ? ` where ${list(where)}` : '');
  let i = 0;
  while (i < cmds.length) {
    const c = cmds[i];
    if (c.kind === 'filter') {
      where.push(condition(c.expr, where.length > 0 || cmds[i + 1]?.kind === 'filter' ? 'and' : undefined));
      i++;
      continue;
    }
    if (c.kind === 'stats') {
      const sort = cmds[i + 1]?.kind === 'sort' ? (cmds[i + 1] as SortCommand) : undefined;
      const limitAt = sort ? i + 2 : i + 1;
      const limit = cmds[limitAt]?.kind === 'limit' ? (cmds[limitAt] as LimitCommand) : undefined;
      sentences.push(statsSentence(c, whereText(), sort, limit));
      where = [];
      i = limitAt + (limit ? 1 : 0);
      continue;
    }
    if (where.length > 0 && (c.kind === 'fields' || c.kind === 'display')) {
      sentences.push(`${c.kind === 'display' ? 'Display only' : 'Show'} ${projections(c.items)} of events${whereText()}`);
      where = [];
      i++;
      continue;
    }
    if (where.length > 0) {
      sentences.push(`Find events${whereText()}`);
      where = [];
    }
    sentences.push(commandSentence(c));
    i++;
  }
  if (where.length > 0) sentences.push(`Find events${whereText()}`);
  if (sentences.length === 0) return 'Show every event.';
  return sentences.map((s) => `${s.charAt(0).toUpperCase()}${s.slice(1)}.`).join(' ');
}

function aliased(p: Projection, text: string): string {
  return p.alias ? `${text} (as ${printName(p.alias.name)})` : text;
}

/** Comparisons and matches shown as a column read "whether …". */
function shown(e: Expr): string {
  const isCondition = (e.kind === 'binary' && !['+', '-', '*', '/', '%', '^'].includes(e.op)) || (e.kind === 'unary' && e.op === 'not');
  return isCondition ? `whether ${condition(e)}` : value(e);
}

function projections(items: Projection[]): string {
  return list(items.map((p) => aliased(p, shown(p.expr))));
}

function groupPhrase(p: Projection): string {
  const e = p.expr;
  if (e.kind === 'call' && e.name === 'bin' && e.args[0]?.kind === 'duration') return aliased(p, perPeriod(e.args[0]));
  return aliased(p, `per ${value(e)}`);
}

/** "Count events", or "Compute the average x and the number of events". */
function aggregationsPhrase(items: Projection[]): string {
  if (items.length === 1 && isCountAll(items[0].expr)) return items[0].alias ? `count events (as ${printName(items[0].alias.name)})` : 'count events';
  return `compute ${list(items.map((p) => aliased(p, value(p.expr))))}`;
}

/** Whether a sort key names an aggregation of this stats (by its text or alias). */
function sortsAggregation(key: Expr, s: StatsCommand): Projection | undefined {
  const text = printExpr(key);
  return s.aggregations.find((a) => printExpr(a.expr) === text || (a.alias && key.kind === 'field' && printPath(key.path) === printName(a.alias.name)));
}

function statsSentence(s: StatsCommand, where: string, sort?: SortCommand, limit?: LimitCommand): string {
  let out = `${aggregationsPhrase(s.aggregations)}${where}`;
  const noun = isCountAll(s.aggregations[0]?.expr ?? { kind: 'star' }) ? 'events' : 'rows';
  if (s.groupBy.length > 0) out += `${where ? ',' : ''} ${s.groupBy.map(groupPhrase).join(', ')}`;
  if (s.offset) out += `, shifted back ${durationWords(s.offset)}`;
  if (sort) {
    const [first] = sort.keys;
    const agg = first && sort.keys.length === 1 ? sortsAggregation(first.expr, s) : undefined;
    if (agg && first.order) {
      const counting = isCountAll(agg.expr) || (agg.expr.kind === 'call' && agg.expr.name.startsWith('count'));
      out += first.order === 'desc' ? (counting ? ', most first' : ', highest first') : counting ? ', fewest first' : ', lowest first';
    } else out += `, ${sortPhrase(sort)}`;
  }
  if (limit) out += limit.any ? `, stopping at any ${limit.count}` : sort ? `, top ${limit.count}` : `, at most ${limit.count} ${noun === 'events' ? 'rows' : noun}`;
  return out;
}

function sortPhrase(c: SortCommand): string {
  const keys = c.keys.map((k) => {
    const name = value(k.expr);
    if (k.expr.kind === 'field' && (k.expr.path[0] === '@timestamp' || k.expr.path[0] === '@ingestionTime') && k.order) {
      return `${name}, ${k.order === 'desc' ? 'newest' : 'oldest'} first`;
    }
    return k.order ? `${name} ${k.order === 'desc' ? 'descending' : 'ascending'}` : name;
  });
  return `sorted by ${list(keys)}`;
}

const DIFF_WORDS: Record<DiffPeriod, string> = { previousDay: 'the previous day', previousWeek: 'the previous week', previousMonth: 'the previous month' };

function sourcePhrase(c: SourceCommand): string {
  const parts = c.selectors.map((s) => {
    if (s.type === 'logGroup') return `the log group ${s.name}`;
    if (s.type === 'dataSource') return `the data source${s.names.length > 1 ? 's' : ''} ${list(s.names)}`;
    const bits = [s.namePrefix?.length ? `log groups starting with ${list(s.namePrefix, 'or')}` : 'log groups'];
    if (s.accountIdentifiers?.length) bits.push(`in account${s.accountIdentifiers.length > 1 ? 's' : ''} ${list(s.accountIdentifiers)}`);
    if (s.class?.length) bits.push(`of class ${list(s.class, 'or')}`);
    return bits.join(' ');
  });
  const time = (t: SourceCommand['start']): string => {
    if (!t) return '';
    if (t.kind === 'now') return 'now';
    if (t.kind === 'duration') return t.value < 0 ? `${durationWords({ ...t, value: -t.value })} ago` : durationWords(t);
    return t.kind === 'string' ? t.value : formatTime(t.value);
  };
  const range = c.start || c.end ? `, from ${time(c.start) || 'the start of the range'} to ${time(c.end) || 'now'}` : '';
  return `read ${list(parts)}${range}`;
}

function formatTime(n: number): string {
  const ms = n < 1e11 ? n * 1000 : n;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(n) : d.toISOString().replace('.000Z', 'Z');
}

function commandSentence(c: Command): string {
  switch (c.kind) {
    case 'fields':
      return `show ${projections(c.items)}`;
    case 'display':
      return `display only ${projections(c.items)}`;
    case 'filter':
      return `find events where ${condition(c.expr)}`;
    case 'stats':
      return statsSentence(c, '');
    case 'sort':
      return `sort ${sortPhrase(c).replace(/^sorted /, '')}`;
    case 'limit':
      return c.any ? `stop as soon as ${c.count === 1 ? 'one matching event is' : `${c.count} matching events are`} found` : `show the first ${c.count}`;
    case 'dedup': {
      const names = c.fields.map((f) => printPath(f.path));
      return names.length === 1 ? `keep one event per ${names[0]}` : `keep one event per combination of ${list(names)}`;
    }
    case 'parse':
      return parsePhrase(c);
    case 'pattern':
      return `group ${value(c.expr)} into recurring patterns`;
    case 'anomaly':
      return 'flag unusual patterns and values';
    case 'diff':
      return `compare the patterns with ${c.period ? DIFF_WORDS[c.period] : 'the previous period of the same length'}`;
    case 'logcompare':
      return `compare the patterns with the same window ${durationWords(c.timeshift)} earlier`;
    case 'source':
      return sourcePhrase(c);
    default:
      return commandMore(c, explain);
  }
}

function parsePhrase(c: ParseCommand): string {
  const from = c.source ? printPath(c.source.path) : '@message';
  switch (c.mode) {
    case 'glob':
      return `extract ${list(c.aliases.map((a) => printName(a.name)))} from ${from} with the pattern ${JSON.stringify(c.pattern.value)}`;
    case 'regex': {
      const names = c.aliases.length ? c.aliases.map((a) => a.name) : regexNamedGroups(c.regex.pattern);
      const what = names.length ? list(names.map(printName)) : 'fields';
      return `extract ${what} from ${from} with the regular expression ${value(c.regex)}${c.multi ? ', one row per match' : ''}`;
    }
    case 'logfmt':
      return `read ${from} as key=value pairs into ${printName(c.alias.name)}`;
    case 'csv':
      return `split ${from} as CSV into ${list(c.aliases.map((a) => printName(a.name)))}`;
    case 'json':
      return `extract ${JSON.stringify(c.path.value)} from ${from} as ${printName(c.alias.name)}`;
  }
}
