/**
 * A short-lived cache of usage figures, shared by everyone who opens /usage: each report is one
 * query per week (up to 52), billed in AWS mode, and a team opens the same page at once. Callers
 * asking while the same figures are being read share that read; when every one of them has gone
 * (closed the tab), the read is aborted.
 */
interface Entry<T> {
  /** When the figures were read (the read started). */
  at: number;
  promise: Promise<T>;
  controller: AbortController;
  waiters: number;
  settled: boolean;
}

export const USAGE_CACHE_MS = 30_000;

export class UsageReportCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly ttlMs = USAGE_CACHE_MS,
    private readonly maxEntries = 50,
  ) {}

  /** The figures under `key`, read with `read` when none are fresh; rejects at once when `signal` aborts. */
  async get(key: string, read: (signal: AbortSignal) => Promise<T>, signal: AbortSignal | undefined, now: number): Promise<{ value: T; at: number }> {
    let entry = this.entries.get(key);
    if (entry && entry.settled && now - entry.at > this.ttlMs) {
      this.entries.delete(key);
      entry = undefined;
    }
    if (!entry) entry = this.start(key, read, now);
    const e = entry;
    e.waiters++;
    try {
      return { value: await untilAborted(e.promise, signal), at: e.at };
    } finally {
      e.waiters--;
      if (!e.settled && e.waiters === 0) e.controller.abort(new Error('every caller went away'));
    }
  }

  private start(key: string, read: (signal: AbortSignal) => Promise<T>, now: number): Entry<T> {
    const controller = new AbortController();
    const entry: Entry<T> = { at: now, controller, waiters: 0, settled: false, promise: read(controller.signal) };
    entry.promise.then(
      () => (entry.settled = true),
      () => {
        entry.settled = true;
        if (this.entries.get(key) === entry) this.entries.delete(key); // a failure is not cached
      },
    );
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, entry);
    return entry;
  }
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
