// Canonical QL text: lower-case keywords (SOURCE and OUTPUT as the docs write them), single
// spaces, one command per line joined by "\n| "; subqueries stay on one line joined by " | ".
// print(parse(print(ast))) === print(ast) for every AST the parser produces.
import type { Command, Ident, LookupOutput, Projection, Query, SourceCommand, SourceSelector, SourceTime } from './ast';
import {
  endsInFunctionName, formatNumber, printExpr, printField, printName, printPath, printWildcard, quote,
} from './print-expr';

export function print(q: Query): string {
  return q.commands.map(printCommand).join('\n| ');
}

export function printInlineQuery(q: Query): string {
  return q.commands.map(printCommand).join(' | ');
}

const list = <T>(items: T[], f: (x: T) => string, sep = ', '): string => items.map(f).join(sep);
const opt = (cond: boolean, text: () => string): string => (cond ? text() : '');
/** ` as name`, or nothing. */
const asName = (a: Ident | undefined): string => (a ? ` as ${printName(a.name)}` : '');
/** ` key=value`, or nothing. */
const option = (key: string, v: string | number | boolean | undefined): string => (v === undefined ? '' : ` ${key}=${v}`);
const names = (xs: Ident[]): string => list(xs, (a) => printName(a.name));

function projection(p: Projection): string {
  return `${printExpr(p.expr)}${asName(p.alias)}`;
}

function outputs(o: LookupOutput[]): string {
  return list(o, (x) => `${printName(x.field.name)}${asName(x.alias)}`);
}

export function printCommand(c: Command): string {
  switch (c.kind) {
    case 'fields':
    case 'display':
      return `${c.kind} ${list(c.items, projection)}`;
    case 'filter':
      return `filter ${printExpr(c.expr)}`;
    case 'stats':
      return `stats ${list(c.aggregations, projection)}${opt(c.groupBy.length > 0, () => ` by ${list(c.groupBy, projection)}`)}${
        c.offset ? ` offset ${printExpr(c.offset)}` : ''}`;
    case 'sort':
      return `sort ${list(c.keys, (k) => (k.order ? `${printExpr(k.expr)} ${k.order}` : printExpr(k.expr)))}`;
    case 'limit':
      return `limit ${c.any ? 'any ' : ''}${c.count}`;
    case 'parse': {
      const src = c.source ? `${printField(c.source)} ` : '';
      switch (c.mode) {
        case 'glob':
          return `parse ${src}${quote(c.pattern.value)}${opt(c.aliases.length > 0, () => ` as ${names(c.aliases)}`)}`;
        case 'regex':
          return `parse ${src}${printExpr(c.regex)}${c.multi ? ' multi' : ''}${opt(c.aliases.length > 0, () => ` as ${names(c.aliases)}`)}`;
        case 'logfmt':
          return `parse ${src}logfmt${asName(c.alias)}`;
        case 'csv':
          return `parse ${src}csv as ${names(c.aliases)}`;
        case 'json':
          return `json field=${printField(c.source)} ${quote(c.path.value)}${asName(c.alias)}`;
      }
      break;
    }
    case 'dedup':
    case 'countFrequent':
      return `${c.kind} ${list(c.fields, printField)}`;
    case 'unnest':
      return `unnest ${printExpr(c.expr)} into ${printName(c.into.name)}`;
    case 'pattern':
      return `pattern ${printExpr(c.expr)}`;
    case 'anomaly':
      return 'anomaly';
    case 'diff':
      return c.period ? `diff ${c.period}` : 'diff';
    case 'logcompare':
      return `logcompare timeshift ${printExpr(c.timeshift)}`;
    case 'source':
      return printSource(c);
    case 'filterIndex':
      return c.op === '='
        ? `filterIndex ${printField(c.field)} = ${list(c.values, (v) => printExpr(v))}`
        : `filterIndex ${printField(c.field)} in [${list(c.values, (v) => printExpr(v))}]`;
    case 'unmask':
      return c.expr ? `unmask ${printExpr(c.expr)}` : 'unmask';
    case 'lookup':
      return `lookup ${printName(c.table.name)} ${list(c.keys, (k) =>
        `${printName(k.lookupField.name)}${k.logField ? ` as ${printField(k.logField)}` : ''}`)} ${c.mode} ${outputs(c.outputs)}`;
    case 'cidrlookup':
      return `cidrlookup ${printName(c.table.name)} ${printField(c.field)}${asName(c.cidrColumn)} ${c.mode} ${outputs(c.outputs)}`;
    case 'join': {
      // A condition ending in a function name would swallow the "(" of the right side.
      const on = endsInFunctionName(c.on) ? `(${printExpr(c.on)})` : printExpr(c.on);
      return `join${option('type', c.type)}${option('left', c.left && printName(c.left.name))}${
        option('right', c.right && printName(c.right.name))} where ${on} (${printInlineQuery(c.query)})`;
    }
    case 'addtotals':
      return `addtotals${option('fieldname', c.fieldname && printName(c.fieldname.name))}${option('row', c.row)}${
        option('col', c.col)}${opt(c.fields.length > 0, () => ` ${list(c.fields, printField)}`)}`;
    case 'accum':
      return `accum ${printField(c.field)}${asName(c.alias)}`;
    case 'autoregress':
      return `autoregress ${printField(c.field)}${asName(c.alias)}${
        option('p', c.p && (c.p.end === undefined ? `${c.p.start}` : `${c.p.start}-${c.p.end}`))}`;
    case 'filldown':
      return `filldown${list(c.fields, (f) => ` ${f.kind === 'field' ? printPath(f.path) : printWildcard(f.pattern)}`, '')}`;
    case 'fillmissing':
      return `fillmissing${opt(c.fills.length > 0, () => ` with ${list(c.fills, (f) => `${printExpr(f.value)} for ${printField(f.field)}`)}`)}`;
    case 'outlier':
      return `outlier${option('action', c.action)}${option('param', c.param === undefined ? undefined : formatNumber(c.param))}${
        option('uselower', c.uselower)}${option('mark', c.mark)} ${list(c.fields, printField, ' ')}`;
    case 'appendcols':
      return `appendcols${option('override', c.override)}${option('max', c.max)} (${printInlineQuery(c.query)})`;
    case 'sessionize':
      return `sessionize ${list(c.fields, printField)}${c.maxspan ? ` maxspan ${printExpr(c.maxspan)}` : ''}${asName(c.alias)}`;
    default: {
      const never: never = c;
      throw new Error(`unknown command ${JSON.stringify(never)}`);
    }
  }
  throw new Error('unreachable');
}

const SOURCE_WORDS = new Set(['loggroups', 'datasource', 'start', 'end']);

function selector(s: SourceSelector): string {
  const strings = (xs: string[]): string => `[${list(xs, (x) => quote(x, "'"))}]`;
  switch (s.type) {
    case 'logGroups': {
      const parts: string[] = [];
      if (s.namePrefix) parts.push(`namePrefix: ${strings(s.namePrefix)}`);
      if (s.accountIdentifiers) parts.push(`accountIdentifiers: ${strings(s.accountIdentifiers)}`);
      if (s.class) parts.push(`class: ${strings(s.class)}`);
      return `logGroups(${parts.join(', ')})`;
    }
    case 'dataSource':
      return `dataSource(${strings(s.names)})`;
    case 'logGroup':
      return /^[A-Za-z_][A-Za-z0-9_]*$/.test(s.name) && !SOURCE_WORDS.has(s.name.toLowerCase()) ? s.name : quote(s.name, "'");
  }
}

function time(t: SourceTime): string {
  if (t.kind === 'now') return 'now';
  return t.kind === 'string' ? quote(t.value, "'") : printExpr(t);
}

function printSource(c: SourceCommand): string {
  return `SOURCE ${list(c.selectors, selector, ' ')}${option('start', c.start && time(c.start))}${option('end', c.end && time(c.end))}`;
}
