// Turning DuckDB rows back into result rows: typed values, timestamps as CloudWatch prints them,
// and whole events (system fields, hot columns, attrs) for queries that show events.
import type { DuckDBValue } from '@duckdb/node-api';
import type { ResultValue } from '../../query-result';
import { HOT_COLUMNS } from '../schema';
import type { CompiledQuery, OutputColumn } from './compile';

/** `2024-09-02 00:00:00.123` (UTC), as CloudWatch prints @timestamp. */
export function formatTimestamp(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString().replace('T', ' ').slice(0, 23);
}

export function toNumber(v: DuckDBValue): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') return Number(v);
  if (typeof v === 'object' && 'toDouble' in v && typeof v.toDouble === 'function') return (v.toDouble as () => number)();
  return Number(String(v));
}

function scalar(v: DuckDBValue): ResultValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  return String(v);
}

function decode(v: DuckDBValue, c: OutputColumn): ResultValue {
  if (v === null || v === undefined) return null;
  if (c.time) {
    const n = toNumber(v);
    return n === null || !Number.isFinite(n) ? null : formatTimestamp(n);
  }
  switch (c.type) {
    case 'num': {
      const n = toNumber(v);
      return n === null || Number.isNaN(n) ? null : n;
    }
    case 'json': {
      // A JSON scalar becomes its value; a map or list stays JSON text.
      const t = String(v);
      if (t.startsWith('{') || t.startsWith('[')) return t;
      try {
        return JSON.parse(t) as ResultValue;
      } catch {
        return t;
      }
    }
    default:
      return scalar(v);
  }
}

/** Raw-event rows: ts, ingested, log, stream, message, fingerprint, hot columns, attrs, then outputs. */
const EVENT_WIDTH = 6 + HOT_COLUMNS.length + 1;

function eventRow(row: readonly DuckDBValue[]): Record<string, ResultValue> {
  const out: Record<string, ResultValue> = Object.create(null) as Record<string, ResultValue>;
  out['@timestamp'] = formatTimestamp(toNumber(row[0]) ?? 0);
  out['@message'] = scalar(row[4]);
  out['@log'] = scalar(row[2]);
  out['@logStream'] = scalar(row[3]);
  out['@ingestionTime'] = formatTimestamp(toNumber(row[1]) ?? 0);
  HOT_COLUMNS.forEach((h, i) => {
    const v = row[6 + i];
    if (v !== null && v !== undefined) out[h.field] = h.type === 'DOUBLE' ? toNumber(v) : scalar(v);
  });
  const attrs = row[6 + HOT_COLUMNS.length];
  if (typeof attrs === 'string') {
    const parsed = JSON.parse(attrs) as Record<string, ResultValue>;
    for (const k of Object.keys(parsed)) if (!(k in out)) out[k] = parsed[k];
  }
  return out;
}

export function decodeRows(q: CompiledQuery, rows: ReadonlyArray<readonly DuckDBValue[]>): Array<Record<string, ResultValue>> {
  const offset = q.shape === 'events' ? EVENT_WIDTH : 0;
  return rows.map((row) => {
    const out = q.shape === 'events' ? eventRow(row) : (Object.create(null) as Record<string, ResultValue>);
    q.columns.forEach((c, i) => {
      out[c.name] = decode(row[offset + i], c);
    });
    // Plain objects for JSON serialization (Object.create(null) guards against __proto__ keys).
    return { ...out };
  });
}
