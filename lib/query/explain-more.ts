// Phrases for the less common commands (explain.ts handles the everyday ones).
import type { Command, LookupOutput, Query } from './ast';
import { condition, durationWords, list, value } from './explain-expr';
import { printName, printPath, printWildcard } from './print-expr';

/** One sentence (without its final period) for the commands explain.ts does not phrase itself. */
export function commandMore(c: Command, sub: (q: Query) => string): string {
  switch (c.kind) {
    case 'unnest':
      return `turn each item of ${value(c.expr)} into its own row, as ${printName(c.into.name)}`;
    case 'filterIndex': {
      const field = printPath(c.field.path);
      const values = list(c.values.map(value), 'or');
      return `use the index on ${field} to read only events where ${field} is ${c.op === 'in' ? `one of ${values}` : values}`;
    }
    case 'unmask':
      return c.expr ? `show ${value(c.expr)} without data-protection masking` : 'show masked data without data-protection masking';
    case 'lookup': {
      const keys = list(c.keys.map((k) => `${k.logField ? printPath(k.logField.path) : printName(k.lookupField.name)}` +
        `${k.logField ? ` (matched to ${printName(k.lookupField.name)})` : ''}`));
      return `look up ${keys} in the table ${printName(c.table.name)} and ${outputsPhrase(c.mode, c.outputs)}`;
    }
    case 'cidrlookup':
      return `find the IP range of ${printPath(c.field.path)} in the table ${printName(c.table.name)}` +
        `${c.cidrColumn ? ` (column ${printName(c.cidrColumn.name)})` : ''} and ${outputsPhrase(c.mode, c.outputs)}`;
    case 'join': {
      const sides = c.left || c.right ? ` (this query as ${c.left ? printName(c.left.name) : 'the left side'}, the other as ${c.right ? printName(c.right.name) : 'the right side'})` : '';
      return `${c.type === 'left' ? 'left-join' : 'join'} with another query${sides} where ${condition(c.on)}: ${lowerFirst(sub(c.query))}`;
    }
    case 'appendcols':
      return `add the columns of another query side by side${c.override ? ', overriding columns of the same name' : ''}` +
        `${c.max !== undefined ? `, at most ${c.max} rows` : ''}: ${lowerFirst(sub(c.query))}`;
    case 'addtotals': {
      const which = c.fields.length ? list(c.fields.map((f) => printPath(f.path))) : 'the numeric fields';
      const parts: string[] = [];
      if (c.row !== false) parts.push(`a column ${c.fieldname ? printName(c.fieldname.name) : 'Total'} with the sum of ${which} in each row`);
      if (c.col) parts.push(`a row with the total of each of ${which}`);
      return parts.length ? `add ${list(parts)}` : `add no totals of ${which}`;
    }
    case 'accum':
      return `add a running total of ${printPath(c.field.path)}${c.alias ? ` as ${printName(c.alias.name)}` : ''}`;
    case 'autoregress': {
      const field = printPath(c.field.path);
      const lag = !c.p ? 'the previous row' : c.p.end !== undefined ? `each of the ${c.p.start} to ${c.p.end} rows before` : c.p.start === 1 ? 'the previous row' : `${c.p.start} rows before`;
      return `add the value of ${field} from ${lag}${c.alias ? ` as ${printName(c.alias.name)}` : ''}`;
    }
    case 'filldown':
      return c.fields.length
        ? `fill empty values of ${list(c.fields.map((f) => (f.kind === 'field' ? printPath(f.path) : printWildcard(f.pattern))))} with the last value above`
        : 'fill empty values of every field with the last value above';
    case 'fillmissing':
      return c.fills.length
        ? `add rows for empty time bins, with ${list(c.fills.map((f) => `${value(f.value)} for ${printPath(f.field.path)}`))}`
        : 'add rows for empty time bins';
    case 'outlier': {
      const fields = list(c.fields.map((f) => printPath(f.path)), c.action === 'remove' ? 'or' : 'and');
      const how = c.action === 'remove' ? `remove rows where ${fields} is an outlier` : `clamp outliers of ${fields} to the normal range`;
      const extras = [c.param !== undefined ? `${c.param} × the interquartile range` : '', c.uselower ? 'low values too' : '', c.mark ? 'marking them' : ''].filter(Boolean);
      return `${how}${extras.length ? ` (${extras.join(', ')})` : ''}`;
    }
    case 'sessionize':
      return `group events into sessions per ${list(c.fields.map((f) => printPath(f.path)))}` +
        `, a gap over ${c.maxspan ? durationWords(c.maxspan) : '30 minutes'} starting a new one, as ${c.alias ? printName(c.alias.name) : 'session_id'}`;
    case 'countFrequent':
      return `count the most frequent ${c.fields.length > 1 ? 'combinations' : 'values'} of ${list(c.fields.map((f) => printPath(f.path)))}`;
    default:
      return `run ${c.kind}`;
  }
}

function outputsPhrase(mode: 'OUTPUT' | 'OUTPUTNEW', outputs: LookupOutput[]): string {
  const cols = list(outputs.map((o) => `${printName(o.field.name)}${o.alias ? ` as ${printName(o.alias.name)}` : ''}`));
  return mode === 'OUTPUT' ? `add ${cols}, replacing existing values` : `add ${cols} where missing`;
}

function lowerFirst(s: string): string {
  return s ? `${s.charAt(0).toLowerCase()}${s.slice(1).replace(/\.$/, '')}` : s;
}
