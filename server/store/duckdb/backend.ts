import fs from 'node:fs';
import path from 'node:path';
import { BIGINT, DOUBLE, DuckDBInstance, VARCHAR, type DuckDBConnection, type DuckDBType } from '@duckdb/node-api';
import type { LogEvent } from '@/lib/events';
import type { Query } from '@/lib/query';
import type { FieldsResult, LatestOptions, LogBackend, QueryOptions, QueryResult, StoreHealth, StoredEvent, TimeRange, ValueCount } from '../backend';
import { discoverFields, topValues } from './query/discover';
import { runQuery } from './query/execute';
import { HotTypeTracker } from './query/hot-types';
import { fromRow, SELECT_EVENT_COLUMNS } from './rows';
import { META_DDL } from '../../meta/schema';
import { EVENTS_DDL, EVENTS_TABLE, HOT_COLUMNS, SYSTEM_COLUMNS } from './schema';
import { GroupCommitWriter } from './writer';

export interface DuckDbOptions {
  dataDir: string;
  /** Events that may wait for a commit before writes are refused with 429. */
  maxQueuedEvents: number;
  /** Events committed between two checkpoints. */
  checkpointEvents?: number;
}

export const DB_FILE = 'logline.duckdb';

/** The embedded store: one DuckDB file, owned by this process (DuckDB locks it for one writer). */
export class DuckDbBackend implements LogBackend {
  /** Typed hot fields that were also sent with other types (the query engine must read attrs too). */
  private readonly hotTypes = new HotTypeTracker();

  private constructor(
    readonly instance: DuckDBInstance,
    /** For reads; DuckDB runs statements of different connections in parallel. */
    readonly conn: DuckDBConnection,
    private readonly writeConn: DuckDBConnection,
    readonly writer: GroupCommitWriter,
  ) {}

  static async open(options: DuckDbOptions): Promise<DuckDbBackend> {
    fs.mkdirSync(options.dataDir, { recursive: true });
    const file = path.join(options.dataDir, DB_FILE);
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(file);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/lock/i.test(message)) {
        throw new Error(`${file} is in use by another Logline process. Stop it, or point LOGLINE_DATA_DIR elsewhere.`);
      }
      throw error;
    }
    const writeConn = await instance.connect();
    // Checkpoints are run by the writer, off the event loop; this threshold is only a backstop.
    await writeConn.run("SET checkpoint_threshold = '1GB'");
    await writeConn.run(EVENTS_DDL);
    for (const ddl of META_DDL) await writeConn.run(ddl);
    const appender = await writeConn.createAppender(EVENTS_TABLE);
    const types = [...SYSTEM_COLUMNS.map((c) => (c.type === 'BIGINT' ? BIGINT : VARCHAR)), ...HOT_COLUMNS.map((c) => (c.type === 'DOUBLE' ? DOUBLE : VARCHAR)), VARCHAR];
    const checkpoint = async () => {
      await writeConn.run('CHECKPOINT');
    };
    const writer = new GroupCommitWriter(appender, types satisfies DuckDBType[], options.maxQueuedEvents, checkpoint, options.checkpointEvents);
    return new DuckDbBackend(instance, await instance.connect(), writeConn, writer);
  }

  append(events: LogEvent[]): Promise<void> {
    this.hotTypes.note(events);
    return this.writer.write(events);
  }

  async count(): Promise<number> {
    const r = await this.conn.runAndReadAll(`SELECT count(*) FROM ${EVENTS_TABLE}`);
    return Number(r.getRows()[0][0]);
  }

  async sources(): Promise<string[]> {
    const r = await this.conn.runAndReadAll(`SELECT DISTINCT log FROM ${EVENTS_TABLE} ORDER BY log`);
    return r.getRows().map((row) => String(row[0]));
  }

  async latest({ limit, sources, before }: LatestOptions): Promise<StoredEvent[]> {
    const where: string[] = [];
    const values: Record<string, string | number | bigint> = { limit };
    if (before !== undefined) {
      where.push('ts < $before');
      values.before = BigInt(before);
    }
    if (sources && sources.length > 0) {
      where.push(`log IN (${sources.map((_, i) => `$s${i}`).join(', ')})`);
      sources.forEach((s, i) => (values[`s${i}`] = s));
    }
    const sql = `SELECT ${SELECT_EVENT_COLUMNS} FROM ${EVENTS_TABLE} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ts DESC LIMIT $limit`;
    const r = await this.conn.runAndReadAll(sql, values);
    return r.getRows().map(fromRow);
  }

  /** Each query runs on its own connection, so a timeout interrupts only that query. */
  async query(query: Query, range: TimeRange, sources?: string[], options?: QueryOptions): Promise<QueryResult> {
    const mixedHotFields = new Set(await this.hotTypes.fields(this.instance));
    return runQuery(this.instance, query, { start: range.start, end: range.end, sources, mixedHotFields }, options);
  }

  fields(range: TimeRange, sources?: string[], options?: QueryOptions): Promise<FieldsResult> {
    return discoverFields(this.instance, range, sources, options);
  }

  async values(field: string, range: TimeRange, sources?: string[], limit = 10, options?: QueryOptions): Promise<ValueCount[]> {
    return topValues(this.instance, field, range, sources, limit, options, new Set(await this.hotTypes.fields(this.instance)));
  }

  async health(): Promise<StoreHealth> {
    return { events: await this.count() };
  }

  async close(): Promise<void> {
    await this.writer.close();
    this.writeConn.closeSync();
    this.conn.closeSync();
    this.instance.closeSync();
  }
}
