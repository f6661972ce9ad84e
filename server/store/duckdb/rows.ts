import { createFields, type FieldValue, type LogEvent } from '@/lib/events';
import type { StoredEvent } from '../backend';
import { HOT_COLUMNS, SYSTEM_COLUMNS } from './schema';

const HOT_INDEX = new Map(HOT_COLUMNS.map((c, i) => [c.field, i]));

type Cell = string | number | bigint | null;

/**
 * Splits events into column arrays in table order, ready for one appender data chunk. A hot field
 * whose value has the wrong type (text in `status`) keeps that value in `attrs`, so nothing is lost.
 */
export function toColumns(events: readonly LogEvent[]): Cell[][] {
  const width = SYSTEM_COLUMNS.length + HOT_COLUMNS.length + 1;
  const cols: Cell[][] = Array.from({ length: width }, () => new Array<Cell>(events.length));
  for (let r = 0; r < events.length; r++) {
    const e = events[r];
    cols[0][r] = BigInt(e.timestamp);
    cols[1][r] = BigInt(e.ingestionTime);
    cols[2][r] = e.log;
    cols[3][r] = e.logStream;
    cols[4][r] = e.message;
    cols[5][r] = e.fingerprint;
    let rest: Record<string, FieldValue> | null = null;
    for (let h = 0; h < HOT_COLUMNS.length; h++) cols[6 + h][r] = null;
    for (const name in e.fields) {
      const value = e.fields[name];
      const h = HOT_INDEX.get(name);
      const cell = h === undefined ? undefined : toCell(value, HOT_COLUMNS[h].type);
      if (h !== undefined && cell !== undefined) {
        cols[6 + h][r] = cell;
      } else {
        rest ??= createFields();
        rest[name] = value;
      }
    }
    cols[width - 1][r] = rest === null ? null : JSON.stringify(rest);
  }
  return cols;
}

function toCell(value: FieldValue, type: 'VARCHAR' | 'DOUBLE'): Cell | undefined {
  if (value === null) return null;
  if (type === 'DOUBLE') return typeof value === 'number' ? value : undefined;
  return typeof value === 'string' ? value : String(value);
}

/** Column list for reading events back, matching `fromRow`. */
export const SELECT_EVENT_COLUMNS = [...SYSTEM_COLUMNS.map((c) => c.column), ...HOT_COLUMNS.map((c) => c.column), 'attrs']
  .map((c) => `"${c}"`)
  .join(', ');

export function fromRow(row: readonly unknown[]): StoredEvent {
  const fields = createFields();
  HOT_COLUMNS.forEach((c, i) => {
    const v = row[SYSTEM_COLUMNS.length + i];
    if (v !== null && v !== undefined) fields[c.field] = v as FieldValue;
  });
  const attrs = row[row.length - 1];
  if (typeof attrs === 'string') Object.assign(fields, JSON.parse(attrs) as Record<string, FieldValue>);
  return {
    timestamp: Number(row[0]),
    ingestionTime: Number(row[1]),
    log: String(row[2]),
    logStream: String(row[3]),
    message: String(row[4]),
    fingerprint: String(row[5]),
    fields,
  };
}
