import { DuckDBDataChunk, type DuckDBAppender, type DuckDBType } from '@duckdb/node-api';
import type { LogEvent } from '@/lib/events';
import { QueueFullError } from '../backend';
import { toColumns } from './rows';

interface PendingWrite {
  events: readonly LogEvent[];
  resolve: () => void;
  reject: (error: Error) => void;
}

/** DuckDB's vector size: one data chunk holds at most this many rows. */
const CHUNK_ROWS = 2048;

/**
 * Group commit: writes queued while a commit runs are appended together and committed once, so
 * many small requests cost one WAL flush. Each `write` resolves only after its rows are committed.
 * The queue is bounded: past `maxQueuedEvents` a write is refused at once (QueueFullError → 429).
 */
export class GroupCommitWriter {
  private queue: PendingWrite[] = [];
  private queuedEvents = 0;
  private draining = false;
  private closed = false;
  /** Stats for health and benchmarks. */
  readonly stats = { commits: 0, events: 0 };

  private sinceCheckpoint = 0;

  constructor(
    private readonly appender: DuckDBAppender,
    private readonly types: readonly DuckDBType[],
    private readonly maxQueuedEvents: number,
    /** Runs DuckDB's CHECKPOINT off the event loop; see `drain`. */
    private readonly checkpoint: () => Promise<void>,
    private readonly checkpointEveryEvents = 250_000,
  ) {}

  write(events: readonly LogEvent[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the store is closing'));
    if (events.length === 0) return Promise.resolve();
    if (this.queuedEvents > 0 && this.queuedEvents + events.length > this.maxQueuedEvents) {
      return Promise.reject(new QueueFullError(1));
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ events, resolve, reject });
      this.queuedEvents += events.length;
      if (!this.draining) {
        this.draining = true;
        setImmediate(() => this.drain());
      }
    });
  }

  /** Waits until everything queued so far is committed, then refuses further writes. */
  async close(): Promise<void> {
    while (this.draining) await new Promise((r) => setTimeout(r, 5));
    this.closed = true;
  }

  private drain(): void {
    const batch = this.queue;
    this.queue = [];
    this.queuedEvents = 0;
    try {
      this.commit(batch.flatMap((w) => w.events));
      for (const w of batch) w.resolve();
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      for (const w of batch) w.reject(err);
    }
    // DuckDB would otherwise checkpoint inside a commit, synchronously, stalling every request for
    // up to seconds. Checkpointing here runs on DuckDB's thread pool while new writes queue up.
    if (this.sinceCheckpoint >= this.checkpointEveryEvents) {
      this.sinceCheckpoint = 0;
      this.checkpoint()
        .catch((error: unknown) => console.error('checkpoint failed (will retry later)', error))
        .finally(() => this.next());
      return;
    }
    this.next();
  }

  private next(): void {
    if (this.queue.length > 0) setImmediate(() => this.drain());
    else this.draining = false;
  }

  private commit(events: readonly LogEvent[]): void {
    for (let start = 0; start < events.length; start += CHUNK_ROWS) {
      const slice = events.slice(start, start + CHUNK_ROWS);
      const chunk = DuckDBDataChunk.create(this.types as DuckDBType[], slice.length);
      chunk.setColumns(toColumns(slice));
      this.appender.appendDataChunk(chunk);
    }
    this.appender.flushSync();
    this.stats.commits++;
    this.stats.events += events.length;
    this.sinceCheckpoint += events.length;
  }
}
