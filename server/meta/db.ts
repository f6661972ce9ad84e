import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';

export type Row = Record<string, unknown>;
export type Params = DuckDBValue[];

/**
 * Metadata access (users, keys, saved queries, audit) on one DuckDB connection. A connection runs
 * one statement at a time, so every call is queued; `transaction` holds the queue for its body.
 */
export class MetaDb {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly conn: DuckDBConnection) {}

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.tail.then(work, work);
    this.tail = next.catch(() => undefined);
    return next;
  }

  all(sql: string, params: Params = []): Promise<Row[]> {
    return this.enqueue(() => this.rawAll(sql, params));
  }

  async one(sql: string, params: Params = []): Promise<Row | undefined> {
    return (await this.all(sql, params))[0];
  }

  run(sql: string, params: Params = []): Promise<void> {
    return this.enqueue(async () => {
      await this.conn.run(sql, params);
    });
  }

  /** Runs `body` in a transaction; statements inside use the `tx` handle, never `this`. */
  transaction<T>(body: (tx: MetaTx) => Promise<T>): Promise<T> {
    return this.enqueue(async () => {
      await this.conn.run('BEGIN TRANSACTION');
      try {
        const result = await body({ all: (s, p = []) => this.rawAll(s, p), run: async (s, p = []) => void (await this.conn.run(s, p)) });
        await this.conn.run('COMMIT');
        return result;
      } catch (error) {
        await this.conn.run('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  private async rawAll(sql: string, params: Params): Promise<Row[]> {
    const reader = await this.conn.runAndReadAll(sql, params);
    return reader.getRowObjectsJS() as Row[];
  }
}

export interface MetaTx {
  all(sql: string, params?: Params): Promise<Row[]>;
  run(sql: string, params?: Params): Promise<void>;
}
