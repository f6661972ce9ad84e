// Parsers for SOURCE, lookup, join and the newer commands of reference §2.19–2.28:
// addtotals, accum, autoregress, filldown, fillmissing, cidrlookup, outlier, appendcols,
// sessionize, countFrequent.
import type {
  AddtotalsCommand, AppendcolsCommand, AutoregressCommand, FieldRef, FillmissingCommand, Ident, JoinCommand,
  LogGroupsSelector, LookupKey, LookupOutput, OutlierCommand, OutputMode, SessionizeCommand, SourceCommand,
  SourceTime, WildcardRef,
} from './ast';
import type { CommandParser } from './parse-commands';
import {
  atCommandEnd, commaList, fieldList, parseBool, parseChoice, parseDuration, parseNumber, parseOptions,
  parseParenQuery, parseString,
} from './parse-common';
import { negateAll, parseExpr, parseFieldRef, parseIdent } from './parse-expr';
import { type TokenStream, spanOf } from './parser-core';
import type { Token } from './tokens';

// ---- SOURCE -----------------------------------------------------------------------------------

const LOG_GROUPS_KEYS = ['namePrefix', 'accountIdentifiers', 'class'] as const;

function stringList(p: TokenStream): string[] {
  if (!p.acceptOp('[')) return [parseString(p, "string or '['").value];
  if (p.acceptOp(']')) return [];
  const out = commaList(p, (q) => parseString(q).value);
  p.expectOp(']', ["','"]);
  return out;
}

function parseLogGroups(p: TokenStream, word: Token): LogGroupsSelector {
  p.expectOp('(');
  const sel: LogGroupsSelector = { type: 'logGroups' };
  if (!p.acceptOp(')')) {
    for (;;) {
      const keyTok = p.peek();
      const key = parseChoice(p, LOG_GROUPS_KEYS);
      if (sel[key] !== undefined) p.fail(`'${key}' is given twice`, keyTok);
      p.expectOp(':');
      sel[key] = stringList(p);
      if (p.acceptOp(')')) break;
      if (!p.acceptOp(',')) p.unexpected(["')'", "','"]);
    }
  }
  sel.span = p.spanFrom(word.start);
  return sel;
}

function parseSourceTime(p: TokenStream): SourceTime {
  const t = p.peek();
  if (p.isKw(t, 'now')) {
    p.next();
    return { kind: 'now', span: { start: t.start, end: t.end } };
  }
  if (t.type === 'string') return parseString(p);
  const minuses: Token[] = [];
  while (p.isOp(p.peek(), '-')) minuses.push(p.next());
  const v = p.peek();
  const span = { start: v.start, end: v.end };
  if (v.type === 'duration') {
    p.next();
    return negateAll(minuses, { kind: 'duration', value: v.num ?? 0, unit: v.unit ?? 'ms', span }) as SourceTime;
  }
  if (v.type === 'number') {
    p.next();
    return negateAll(minuses, { kind: 'number', value: v.num ?? 0, span }) as SourceTime;
  }
  return p.unexpected(minuses.length > 0 ? ['duration', 'number'] : ['duration', 'number', "'now'", 'string']);
}

const parseSource: CommandParser = (p) => {
  const cmd: SourceCommand = { kind: 'source', selectors: [] };
  for (;;) {
    const t = p.peek();
    const k = p.kw(t);
    const next = t.type === 'ident' ? p.peek2() : null;
    if ((k === 'start' || k === 'end') && next !== null && p.isOp(next, '=')) {
      if (cmd[k] !== undefined) p.fail(`Option '${k}' is given twice`, t);
      p.next();
      p.next();
      cmd[k] = parseSourceTime(p);
    } else if (k === 'loggroups' && next !== null && p.isOp(next, '(')) {
      cmd.selectors.push(parseLogGroups(p, p.next()));
    } else if (k === 'datasource' && next !== null && p.isOp(next, '(')) {
      p.next();
      p.expectOp('(');
      const names = stringList(p);
      p.expectOp(')');
      cmd.selectors.push({ type: 'dataSource', names, span: p.spanFrom(t.start) });
    } else if (t.type === 'string' || t.type === 'ident') {
      const name = t.type === 'string' ? parseString(p).value : parseIdent(p, 'log group name').name;
      cmd.selectors.push({ type: 'logGroup', name, span: p.spanFrom(t.start) });
    } else {
      break;
    }
  }
  if (cmd.selectors.length === 0) p.unexpected(["'logGroups('", "'dataSource('", 'log group name']);
  return cmd;
};

// ---- lookup, cidrlookup, join -----------------------------------------------------------------

function parseOutputMode(p: TokenStream, also: string[] = []): OutputMode {
  const k = p.kw(p.peek());
  if (k !== 'output' && k !== 'outputnew') p.unexpected(["'OUTPUT'", "'OUTPUTNEW'", ...also]);
  p.next();
  return k === 'output' ? 'OUTPUT' : 'OUTPUTNEW';
}

function parseOutputs(p: TokenStream): LookupOutput[] {
  return commaList(p, (q) => {
    const field = parseIdent(q, 'lookup table column');
    if (!q.acceptKw('as')) return { field, span: spanOf(field) };
    const alias = parseIdent(q, 'alias');
    return { field, alias, span: { start: spanOf(field).start, end: spanOf(alias).end } };
  });
}

const parseLookup: CommandParser = (p) => {
  const table = parseIdent(p, 'lookup table name');
  const keys = commaList(p, (q): LookupKey => {
    const k = q.kw(q.peek());
    if (k === 'output' || k === 'outputnew') q.unexpected(['lookup table column']);
    const lookupField = parseIdent(q, 'lookup table column');
    if (!q.acceptKw('as')) return { lookupField, span: spanOf(lookupField) };
    const logField = parseFieldRef(q);
    return { lookupField, logField, span: { start: spanOf(lookupField).start, end: spanOf(logField).end } };
  });
  const mode = parseOutputMode(p, ["','", "'as'"]);
  return { kind: 'lookup', table, keys, mode, outputs: parseOutputs(p) };
};

const parseCidrlookup: CommandParser = (p) => {
  const table = parseIdent(p, 'lookup table name');
  const field = parseFieldRef(p);
  const cidrColumn = p.acceptKw('as') ? parseIdent(p, 'CIDR column') : undefined;
  const mode = parseOutputMode(p, cidrColumn ? [] : ["'as'"]);
  const outputs = parseOutputs(p);
  return cidrColumn
    ? { kind: 'cidrlookup', table, field, cidrColumn, mode, outputs }
    : { kind: 'cidrlookup', table, field, mode, outputs };
};

const parseJoin: CommandParser = (p) => {
  const opts: { type?: 'inner' | 'left'; left?: Ident; right?: Ident } = {};
  parseOptions(p, {
    type: (q) => { opts.type = parseChoice(q, ['inner', 'left'] as const); },
    left: (q) => { opts.left = parseIdent(q, 'alias'); },
    right: (q) => { opts.right = parseIdent(q, 'alias'); },
  });
  if (!p.isKw(p.peek(), 'where')) p.unexpected(Object.keys(opts).length < 3 ? ["'where'", 'type=, left= or right='] : ["'where'"]);
  p.next();
  const on = parseExpr(p);
  const query = parseParenQuery(p);
  const cmd: JoinCommand = { kind: 'join', ...opts, on, query };
  return cmd;
};

// ---- newer commands ---------------------------------------------------------------------------

const parseAddtotals: CommandParser = (p) => {
  const cmd: AddtotalsCommand = { kind: 'addtotals', fields: [] };
  parseOptions(p, {
    fieldname: (q) => { cmd.fieldname = parseIdent(q, 'column name'); },
    row: (q) => { cmd.row = parseBool(q); },
    col: (q) => { cmd.col = parseBool(q); },
  });
  if (!atCommandEnd(p)) cmd.fields = fieldList(p);
  return cmd;
};

const parseAccum: CommandParser = (p) => {
  const field = parseFieldRef(p);
  return p.acceptKw('as') ? { kind: 'accum', field, alias: parseIdent(p, 'alias') } : { kind: 'accum', field };
};

const parseAutoregress: CommandParser = (p) => {
  const cmd: AutoregressCommand = { kind: 'autoregress', field: parseFieldRef(p) };
  if (p.acceptKw('as')) cmd.alias = parseIdent(p, 'alias');
  parseOptions(p, {
    p: (q) => {
      const start = parseNumber(q, { integer: true });
      cmd.p = q.acceptOp('-') ? { start, end: parseNumber(q, { integer: true }) } : { start };
    },
  });
  return cmd;
};

// `cpu*`, `a.b`, `` `x-y`* ``: adjacent names, dots and stars form one item.
function parseFieldOrWildcard(p: TokenStream): FieldRef | WildcardRef {
  const first = p.peek();
  if (first.type !== 'ident' && !p.isOp(first, '*')) p.unexpected(['field name']);
  const toks: Token[] = [p.next()];
  for (let t = p.peek(); t.start === p.lastEnd && (t.type === 'ident' || p.isOp(t, '.') || p.isOp(t, '*')); t = p.peek()) {
    toks.push(p.next());
  }
  const span = p.spanFrom(first.start);
  if (toks.some((t) => p.isOp(t, '*'))) return { kind: 'wildcard', pattern: toks.map((t) => t.value).join(''), span };
  // No wildcard: it must be a plain dotted name.
  const path: string[] = [];
  toks.forEach((t, i) => {
    if ((i % 2 === 0) !== (t.type === 'ident')) p.fail(`Unexpected '${t.value}' in a field name`, t);
    if (t.type === 'ident') path.push(t.value);
  });
  if (toks[toks.length - 1].type !== 'ident') p.unexpected(['field name']);
  return { kind: 'field', path, span };
}

const parseFilldown: CommandParser = (p) => {
  const fields: Array<FieldRef | WildcardRef> = [];
  while (!atCommandEnd(p)) {
    if (fields.length > 0) p.acceptOp(',');
    fields.push(parseFieldOrWildcard(p));
  }
  return { kind: 'filldown', fields };
};

const parseFillmissing: CommandParser = (p) => {
  const cmd: FillmissingCommand = { kind: 'fillmissing', fills: [] };
  if (p.acceptKw('with')) {
    cmd.fills = commaList(p, (q) => {
      const value = parseExpr(q);
      q.expectKw('for');
      const field = parseFieldRef(q);
      return { value, field, span: { start: spanOf(value).start, end: spanOf(field).end } };
    });
  }
  return cmd;
};

const parseOutlier: CommandParser = (p) => {
  const cmd: OutlierCommand = { kind: 'outlier', fields: [] };
  parseOptions(p, {
    action: (q) => { cmd.action = parseChoice(q, ['remove', 'transform'] as const); },
    param: (q) => { cmd.param = parseNumber(q); },
    uselower: (q) => { cmd.uselower = parseBool(q); },
    mark: (q) => { cmd.mark = parseBool(q); },
  });
  do {
    if (cmd.fields.length > 0) p.acceptOp(',');
    cmd.fields.push(parseFieldRef(p));
  } while (!atCommandEnd(p));
  return cmd;
};

const parseAppendcols: CommandParser = (p) => {
  const opts: { override?: boolean; max?: number } = {};
  parseOptions(p, {
    override: (q) => { opts.override = parseBool(q); },
    max: (q) => { opts.max = parseNumber(q, { integer: true }); },
  });
  const cmd: AppendcolsCommand = { kind: 'appendcols', ...opts, query: parseParenQuery(p) };
  return cmd;
};

const parseSessionize: CommandParser = (p) => {
  const cmd: SessionizeCommand = { kind: 'sessionize', fields: fieldList(p) };
  if (p.acceptKw('maxspan')) cmd.maxspan = parseDuration(p);
  if (p.acceptKw('as')) cmd.alias = parseIdent(p, 'alias');
  return cmd;
};

const parseCountFrequent: CommandParser = (p) => ({ kind: 'countFrequent', fields: fieldList(p) });

export const MORE_COMMANDS: Record<string, CommandParser> = {
  source: parseSource,
  lookup: parseLookup,
  cidrlookup: parseCidrlookup,
  join: parseJoin,
  addtotals: parseAddtotals,
  accum: parseAccum,
  autoregress: parseAutoregress,
  filldown: parseFilldown,
  fillmissing: parseFillmissing,
  outlier: parseOutlier,
  appendcols: parseAppendcols,
  sessionize: parseSessionize,
  countfrequent: parseCountFrequent,
  count_frequent: parseCountFrequent,
};
