// Runs a compiled query on its own DuckDB connection, with a timeout and cancellation
// (connection.interrupt()), and computes the statistics CloudWatch reports.
//
// Statistics: recordsScanned counts the events in the time range and sources. recordsMatched is
// the number of rows that reached the first aggregation (carried as a column), or for queries
// without one, the rows before a limit or dedup cut them (a second, count-only statement, run
// only when the result was cut). bytesScanned is an estimate: recordsScanned × the mean @message
// size (bytes) of 4 096 stored events, measured at most once a minute — summing every message of
// the range would read the whole message column and cost as much as many queries do.
import type { DuckDBConnection, DuckDBInstance, DuckDBValue } from '@duckdb/node-api';
import type { Query } from '@/lib/query';
import type { QueryOptions, QueryResult } from '../../query-result';
import { compileToSql, type CompileContext, type CompiledQuery } from './compile';
import { QueryEngineError } from './errors';
import { decodeRows, toNumber } from './result';

export const DEFAULT_TIMEOUT_MS = 30_000;

async function readAll(conn: DuckDBConnection, sql: string, params: readonly DuckDBValue[]): Promise<DuckDBValue[][]> {
  const reader = await conn.runAndReadAll(sql, params as DuckDBValue[]);
  return reader.getRows() as DuckDBValue[][];
}

/** Runs `work` on the connection, interrupting it on timeout or abort. */
export async function withDeadline<T>(conn: DuckDBConnection, options: QueryOptions, work: () => Promise<T>): Promise<T> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let reason: 'timeout' | 'cancelled' | null = null;
  const stop = (why: 'timeout' | 'cancelled') => {
    reason ??= why;
    conn.interrupt();
  };
  if (options.signal?.aborted) throw new QueryEngineError('cancelled', 'the query was cancelled');
  const timer = setTimeout(() => stop('timeout'), timeoutMs);
  const onAbort = () => stop('cancelled');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await work();
  } catch (error) {
    if (reason === 'timeout') throw new QueryEngineError('timeout', `the query ran longer than ${Math.round(timeoutMs / 1000)} s and was stopped; narrow the time range or add filters`);
    if (reason === 'cancelled') throw new QueryEngineError('cancelled', 'the query was cancelled');
    throw translateDuckDbError(error);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * DuckDB rejects some user input only when it runs (an invalid regex, a malformed format): those
 * are the user's to fix, so they become 400s. Anything else is our bug and stays a 500.
 */
function translateDuckDbError(error: unknown): unknown {
  const message = error instanceof Error ? error.message : String(error);
  const m = /^Invalid Input Error: (.*)$/s.exec(message);
  if (m) return new QueryEngineError('invalid', m[1].split('\n')[0]);
  return error;
}

const MEAN_TTL_MS = 60_000;
const meanCache = new WeakMap<DuckDBInstance, { at: number; bytes: number }>();

/** Mean @message size in bytes over the first 4 096 stored events, cached per instance for a minute. */
export async function meanMessageBytes(instance: DuckDBInstance, conn: DuckDBConnection): Promise<number> {
  const cached = meanCache.get(instance);
  if (cached && Date.now() - cached.at < MEAN_TTL_MS) return cached.bytes;
  const [[mean]] = await readAll(conn, 'SELECT avg(strlen(message)) FROM (SELECT message FROM events LIMIT 4096)', []);
  const bytes = toNumber(mean) ?? 0;
  meanCache.set(instance, { at: Date.now(), bytes });
  return bytes;
}

export async function executeCompiled(conn: DuckDBConnection, q: CompiledQuery, options: QueryOptions = {}, meanBytes = 0): Promise<QueryResult> {
  return withDeadline(conn, options, async () => {
    const raw = await readAll(conn, q.sql, q.params);
    const rows = decodeRows(q, raw);
    let matched: number | null = null;
    if (q.matchedColumn) {
      const idx = raw[0] ? raw[0].length - 1 : -1;
      for (const r of raw) {
        const m = toNumber(r[idx]);
        if (m !== null && (matched === null || m > matched)) matched = m;
      }
    } else if (!q.limited && raw.length < q.limit) {
      matched = raw.length;
    }
    if (matched === null) matched = toNumber((await readAll(conn, q.count.sql, q.count.params))[0][0]) ?? 0;
    const [scanned] = await readAll(conn, q.scanned.sql, q.scanned.params);
    const recordsScanned = toNumber(scanned[0]) ?? 0;
    return {
      fields: q.fields,
      rows,
      statistics: { recordsMatched: matched, recordsScanned, bytesScanned: Math.round(recordsScanned * meanBytes) },
    };
  });
}

/** Compiles and runs a query on a fresh connection of `instance` (closed afterwards). */
export async function runQuery(instance: DuckDBInstance, query: Query, ctx: CompileContext, options: QueryOptions = {}): Promise<QueryResult> {
  const compiled = compileToSql(query, ctx);
  const conn = await instance.connect();
  try {
    return await executeCompiled(conn, compiled, options, await meanMessageBytes(instance, conn));
  } finally {
    conn.closeSync();
  }
}
