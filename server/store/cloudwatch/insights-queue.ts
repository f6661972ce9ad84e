// The console's own first-come-first-served queue in front of Logs Insights. The account allows
// a fixed number of concurrent queries for everyone (dashboards, other tools, the AWS console);
// Logline keeps to its share (LOGLINE_INSIGHTS_MAX_CONCURRENT) so it neither starves the others
// nor gets its own users' queries refused.
import { QueryEngineError } from '../duckdb/query/errors';

export type Release = () => void;

interface Waiter {
  grant: (release: Release) => void;
  onPosition?: (position: number) => void;
}

export class InsightsQueue {
  private active = 0;
  private readonly waiting: Waiter[] = [];

  constructor(
    readonly maxConcurrent: number,
    /** Beyond this many waiting, new queries are refused with 429 instead of waiting for minutes. */
    readonly maxWaiting = 200,
  ) {}

  get running(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Resolves with a slot once fewer than `maxConcurrent` queries run and every earlier caller has
   * had its turn. `onPosition` hears the caller's place (1 = next) whenever it changes; an abort
   * while waiting leaves the queue and rejects with `cancelled`.
   */
  acquire(signal?: AbortSignal, onPosition?: (position: number) => void): Promise<Release> {
    if (signal?.aborted) return Promise.reject(cancelled());
    if (this.active < this.maxConcurrent && this.waiting.length === 0) return Promise.resolve(this.slot());
    if (this.waiting.length >= this.maxWaiting) {
      return Promise.reject(new QueryEngineError('throttled', `${this.waiting.length} Logs Insights queries are already waiting in this console; try again shortly`, undefined, 10));
    }
    return new Promise<Release>((resolve, reject) => {
      const onAbort = () => {
        const at = this.waiting.indexOf(waiter);
        if (at >= 0) {
          this.waiting.splice(at, 1);
          this.announce(at);
        }
        reject(cancelled());
      };
      const waiter: Waiter = {
        grant: (release) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        },
        onPosition,
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
      onPosition?.(this.waiting.length);
    });
  }

  private slot(): Release {
    this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.next();
    };
  }

  private next(): void {
    if (this.active >= this.maxConcurrent) return;
    const first = this.waiting.shift();
    if (!first) return;
    first.grant(this.slot());
    this.announce(0);
  }

  /** Tells every waiter from index `from` on its new position. */
  private announce(from: number): void {
    for (let i = from; i < this.waiting.length; i++) this.waiting[i].onPosition?.(i + 1);
  }
}

function cancelled(): QueryEngineError {
  return new QueryEngineError('cancelled', 'the query was cancelled before it started');
}
