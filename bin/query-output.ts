// Printing query results for `logline query`: an aligned table, JSON or CSV, and the time options.
import { toCsv } from '@/lib/export/csv';
import type { QueryError } from '@/lib/query';
import type { QueryResult, ResultValue } from '@/server/store/query-result';

export type OutputFormat = 'table' | 'json' | 'csv';

const MAX_CELL = 80;

function cellText(v: ResultValue | undefined): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : String(v);
  const flat = s.replace(/\s*\n\s*/g, ' ⏎ ');
  return flat.length > MAX_CELL ? `${flat.slice(0, MAX_CELL - 1)}…` : flat;
}

function width(s: string): number {
  return [...s].length;
}

export function formatResult(result: QueryResult, format: OutputFormat): string {
  if (format === 'json') return `${JSON.stringify({ fields: result.fields, rows: result.rows, statistics: result.statistics }, null, 2)}\n`;
  if (format === 'csv') return toCsv(result.fields, result.rows);
  const cols = result.fields;
  const cells = result.rows.map((r) => cols.map((c) => cellText(r[c])));
  const widths = cols.map((c, i) => Math.max(width(c), ...cells.map((row) => width(row[i]))));
  const line = (row: string[]) => row.map((v, i) => (i === row.length - 1 ? v : v + ' '.repeat(widths[i] - width(v)))).join('  ').trimEnd();
  const out = [line(cols), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)];
  const s = result.statistics;
  const rows = `${result.rows.length} row${result.rows.length === 1 ? '' : 's'}`;
  out.push('', `${rows} · ${s.recordsMatched} of ${s.recordsScanned} events matched`);
  return `${out.join('\n')}\n`;
}

/** `line:col: message` and the excerpt with its caret, as the editor shows errors. */
export function formatQueryError(e: Pick<QueryError, 'line' | 'column' | 'message' | 'excerpt'>): string {
  return `${e.line}:${e.column}: ${e.message}\n${e.excerpt}`;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `24h`, `15m`, `7d` → milliseconds, or null. */
export function parseSince(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/.exec(text.trim());
  return m ? Number(m[1]) * UNIT_MS[m[2]] : null;
}

export interface RangeOptions {
  since?: string;
  start?: string;
  end?: string;
}

/** The time range of a command: `--since`, or `--start` [`--end`] (ISO-8601 or epoch ms); 1 hour by default. */
export function timeRange(o: RangeOptions, now = Date.now()): { start: number; end: number } | string {
  if (o.since !== undefined && (o.start !== undefined || o.end !== undefined)) return 'use either --since or --start/--end, not both';
  const at = (s: string): number => (/^\d+$/.test(s) ? Number(s) : Date.parse(s));
  if (o.start !== undefined || o.end !== undefined) {
    if (o.start === undefined) return '--end needs --start';
    const start = at(o.start);
    const end = o.end === undefined ? now : at(o.end);
    if (Number.isNaN(start)) return `--start ${JSON.stringify(o.start)} is not an ISO-8601 time (2024-05-01T12:00:00Z) or epoch milliseconds`;
    if (Number.isNaN(end)) return `--end ${JSON.stringify(o.end)} is not an ISO-8601 time (2024-05-01T12:00:00Z) or epoch milliseconds`;
    if (end < start) return '--end is before --start';
    return { start, end };
  }
  const ms = parseSince(o.since ?? '1h');
  if (ms === null) return `--since ${JSON.stringify(o.since)} is not a period such as 15m, 24h or 7d`;
  return { start: now - ms, end: now };
}
