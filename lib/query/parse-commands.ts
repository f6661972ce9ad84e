// Parsers for the core commands: fields, display, filter/where, stats, sort, limit, parse/json,
// dedup, unnest, pattern, anomaly, diff, logcompare, filterIndex, unmask.
// Each receives the stream positioned after the command word; parser.ts adds the span.
import type {
  Command, DiffCommand, FieldRef, FilterIndexCommand, IndexValue, LimitCommand, ParseCommand, SortKey,
  StatsCommand,
} from './ast';
import {
  atCommandEnd, commaList, identList, parseChoice, parseDuration, parseProjection, parseString, fieldList,
} from './parse-common';
import { negateAll, parseExpr, parseFieldRef, parseIdent } from './parse-expr';
import { type TokenStream, spanOf } from './parser-core';
import type { Token } from './tokens';

export type CommandParser = (p: TokenStream, word: Token) => Command;

const parseFields: CommandParser = (p) => ({ kind: 'fields', items: commaList(p, parseProjection) });
const parseDisplay: CommandParser = (p) => ({ kind: 'display', items: commaList(p, parseProjection) });
const parseFilter: CommandParser = (p) => ({ kind: 'filter', expr: parseExpr(p) });

const parseStats: CommandParser = (p) => {
  const outer = p.inStats;
  p.inStats = true;
  const cmd: StatsCommand = { kind: 'stats', aggregations: commaList(p, parseProjection), groupBy: [] };
  if (p.acceptKw('by')) cmd.groupBy = commaList(p, parseProjection);
  if (p.acceptKw('offset')) cmd.offset = parseDuration(p);
  p.inStats = outer;
  return cmd;
};

const parseSort: CommandParser = (p) => ({
  kind: 'sort',
  keys: commaList(p, (q): SortKey => {
    const expr = parseExpr(q);
    const k = q.kw(q.peek());
    if (k !== 'asc' && k !== 'desc') return { expr, span: spanOf(expr) };
    q.next();
    return { expr, order: k, span: q.spanFrom(spanOf(expr).start) };
  }),
});

const parseLimit: CommandParser = (p) => {
  const any = p.acceptKw('any') !== null;
  const t = p.peek();
  if (t.type !== 'number') p.unexpected(any ? ['number'] : ['number', "'any'"]);
  const n = t.num ?? 0;
  if (!Number.isSafeInteger(n)) p.fail(`limit needs a whole number, got ${t.value}`, t);
  p.next();
  const cmd: LimitCommand = { kind: 'limit', count: n, any };
  return cmd;
};

const parseParse: CommandParser = (p) => {
  let source: FieldRef | undefined;
  let t = p.peek(true);
  const modeWord = (tok: Token): boolean => {
    const k = p.kw(tok);
    return (k === 'logfmt' || k === 'csv') && p.isKw(p.peek2(), 'as');
  };
  if (t.type === 'ident' && !modeWord(t)) {
    source = parseFieldRef(p, 'field name');
    t = p.peek(true);
  }
  const withSource = <C extends ParseCommand>(c: C): C => (source ? { ...c, source } : c);
  if (t.type === 'string') {
    const pattern = parseString(p);
    const aliases = p.acceptKw('as') ? identList(p, 'alias') : [];
    const stars = pattern.value.split('*').length - 1;
    if (stars !== aliases.length) {
      p.fail(`The glob pattern has ${stars} '*' wildcard${stars === 1 ? '' : 's'} but ${aliases.length} alias${aliases.length === 1 ? '' : 'es'}; they must match`, spanOf(pattern));
    }
    return withSource({ kind: 'parse', mode: 'glob', pattern, aliases });
  }
  if (t.type === 'regex') {
    p.next(true);
    const regex = { kind: 'regex' as const, pattern: t.value, span: { start: t.start, end: t.end } };
    const multi = p.acceptKw('multi') !== null;
    const aliases = p.acceptKw('as') ? identList(p, 'alias') : [];
    return withSource({ kind: 'parse', mode: 'regex', regex, multi, aliases });
  }
  const k = p.kw(t);
  if (k === 'logfmt') {
    p.next();
    p.expectKw('as');
    return withSource({ kind: 'parse', mode: 'logfmt', alias: parseIdent(p, 'alias') });
  }
  if (k === 'csv') {
    p.next();
    p.expectKw('as');
    return withSource({ kind: 'parse', mode: 'csv', aliases: identList(p, 'alias') });
  }
  return p.unexpected(source ? ['glob pattern string', 'regular expression', "'logfmt'", "'csv'"]
    : ['field name', 'glob pattern string', 'regular expression', "'logfmt'", "'csv'"], t);
};

// `json field=src "key.path" as alias` — stored as a parse command in json mode.
const parseJson: CommandParser = (p) => {
  p.expectKw('field');
  p.expectOp('=');
  const source = parseFieldRef(p);
  const path = parseString(p, 'JSON key path string');
  p.expectKw('as');
  return { kind: 'parse', mode: 'json', source, path, alias: parseIdent(p, 'alias') };
};

const parseDedup: CommandParser = (p) => ({ kind: 'dedup', fields: fieldList(p) });

const parseUnnest: CommandParser = (p) => {
  const expr = parseExpr(p);
  p.expectKw('into');
  return { kind: 'unnest', expr, into: parseIdent(p, 'field name') };
};

const parsePattern: CommandParser = (p) => ({ kind: 'pattern', expr: parseExpr(p) });
const parseAnomaly: CommandParser = () => ({ kind: 'anomaly' });

const parseDiff: CommandParser = (p) => {
  const cmd: DiffCommand = { kind: 'diff' };
  if (!atCommandEnd(p)) cmd.period = parseChoice(p, ['previousDay', 'previousWeek', 'previousMonth'] as const);
  return cmd;
};

const parseLogcompare: CommandParser = (p) => {
  p.expectKw('timeshift');
  return { kind: 'logcompare', timeshift: parseDuration(p) };
};

function parseIndexValue(p: TokenStream): IndexValue {
  const minuses: Token[] = [];
  while (p.isOp(p.peek(), '-')) minuses.push(p.next());
  const t = p.peek();
  const span = { start: t.start, end: t.end };
  const k = p.kw(t);
  if (t.type === 'number') {
    p.next();
    return negateAll(minuses, { kind: 'number', value: t.num ?? 0, span }) as IndexValue;
  }
  if (minuses.length === 0 && t.type === 'string') return parseString(p);
  if (minuses.length === 0 && (k === 'true' || k === 'false')) {
    p.next();
    return { kind: 'boolean', value: k === 'true', span };
  }
  return p.unexpected(minuses.length > 0 ? ['number'] : ['string', 'number', "'true'", "'false'"]);
}

const parseFilterIndex: CommandParser = (p) => {
  const field = parseFieldRef(p);
  let cmd: FilterIndexCommand;
  if (p.acceptOp('=')) {
    cmd = { kind: 'filterIndex', field, op: '=', values: [parseIndexValue(p)] };
  } else if (p.acceptKw('in')) {
    p.expectOp('[');
    const values = p.isOp(p.peek(), ']') ? [] : commaList(p, parseIndexValue);
    p.expectOp(']', ["','"]);
    cmd = { kind: 'filterIndex', field, op: 'in', values };
  } else {
    return p.unexpected(["'='", "'in'"]);
  }
  return cmd;
};

const parseUnmask: CommandParser = (p) => (atCommandEnd(p) ? { kind: 'unmask' } : { kind: 'unmask', expr: parseExpr(p) });

export const CORE_COMMANDS: Record<string, CommandParser> = {
  fields: parseFields,
  display: parseDisplay,
  filter: parseFilter,
  where: parseFilter,
  stats: parseStats,
  sort: parseSort,
  limit: parseLimit,
  parse: parseParse,
  json: parseJson,
  dedup: parseDedup,
  unnest: parseUnnest,
  pattern: parsePattern,
  anomaly: parseAnomaly,
  diff: parseDiff,
  logcompare: parseLogcompare,
  filterindex: parseFilterIndex,
  unmask: parseUnmask,
};
