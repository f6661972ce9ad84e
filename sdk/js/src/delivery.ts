import { backoffDelay, classify, retryAfterMs, type Answer, type RetryOptions } from './retry';
import { isBrowser, refTimer, unrefTimer, utf8Length } from './runtime';
import { postLines, type KeepaliveBatches } from './transport';

/** A batch up to this size is sent with keepalive in browsers (half the browser's 64 KiB, the rest for page hide). */
const KEEPALIVE_BATCH_BYTES = 32_768;
/**
 * A navigation fails the page's promise of a keepalive request that the browser still completes
 * (Chromium does so just before pagehide): for this long after such a failure the batch counts
 * as on the wire, so page hide neither sends it again nor saves it.
 */
const KEEPALIVE_UNSURE_MS = 1000;

/**
 * Buffered, batched delivery of NDJSON lines to `/api/ingest`. One request at a time (which keeps
 * order and is the backpressure: while a batch waits for its retry, new lines queue up to
 * `maxBufferEvents`, then are dropped and counted). Nothing here runs on the logging call's path
 * except `enqueue`, which only pushes to an array and arms a timer.
 */

export interface DropCounts {
  /** The buffer was full. */
  buffer: number;
  /** The server refused them (400 per-event errors, 401, 413, other 4xx): retrying would not help. */
  rejected: number;
  /** Retries ran out (network down, 429/5xx for too long) or close() timed out. */
  retries: number;
  /** Page hide: they did not fit the keepalive budget nor sessionStorage. */
  unload: number;
  /** A logging call failed inside the SDK (a bug: please report it). */
  internal: number;
}

export type ProblemKind = 'rejected' | 'unauthorized' | 'too-large' | 'gave-up' | 'buffer-full';

/** A delivery problem the app should know about; passed to `onError`, never thrown. */
export interface DeliveryProblem {
  kind: ProblemKind;
  /** HTTP status, when the server answered. */
  status?: number;
  message: string;
  /** Events lost to it. */
  events: number;
}

export interface DeliveryOptions {
  url: string;
  key: string;
  batchSize: number;
  flushIntervalMs: number;
  maxBufferEvents: number;
  maxBatchBytes: number;
  requestTimeoutMs: number;
  compress: boolean;
  retry: RetryOptions;
  fetch: () => typeof fetch | undefined;
  problem: (p: DeliveryProblem) => void;
  /** Called before each batch is taken, so the logger can add the guard's summaries. */
  beforeBatch: (final: boolean) => void;
  /** True while the guard holds summaries that are not due yet (keeps the timer going). */
  pending: () => boolean;
  /** The line reporting drops not yet reported. */
  reportLine: (delta: DropCounts) => string;
}

interface Batch {
  lines: string[];
  /** The drops this batch's report line carries (added to `reported` once it is delivered). */
  report: DropCounts | null;
  attempts: number;
  /** Taken by a page-hide flush while it waited for a retry. */
  abandoned: boolean;
  /** Until then the batch may still be on the wire (see KEEPALIVE_UNSURE_MS). */
  unsureUntil: number;
}

const zero = (): DropCounts => ({ buffer: 0, rejected: 0, retries: 0, unload: 0, internal: 0 });
const KINDS = Object.keys(zero()) as Array<keyof DropCounts>;

export class Delivery {
  private buffer: string[] = [];
  private batch: Batch | null = null;
  private inFlight = false;
  private current: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private timerDue = 0;
  /** The retry wait and the request under way, so close() can cut them short. */
  private sleeper: { timer: ReturnType<typeof setTimeout>; wake: () => void } | null = null;
  private abort: AbortController | null = null;
  private closed = false;
  private overflowing = false;
  readonly dropped: DropCounts = zero();
  private readonly reported: DropCounts = zero();
  sent = 0;
  requests = 0;
  private readonly keepalive: KeepaliveBatches | undefined = isBrowser && keepaliveFetch() ? { maxBytes: KEEPALIVE_BATCH_BYTES, inFlight: 0, used: false } : undefined;

  constructor(private readonly o: DeliveryOptions) {}

  /** Bytes of a batch on the wire as a keepalive request (page hide leaves the browser's budget for it). */
  get keepaliveBytes(): number {
    return this.keepalive?.inFlight ?? 0;
  }

  get buffered(): number {
    return this.buffer.length + (this.batch && !this.batch.abandoned ? this.batch.lines.length - (this.batch.report ? 1 : 0) : 0);
  }

  enqueue(line: string): void {
    if (this.buffer.length >= this.o.maxBufferEvents) {
      this.dropped.buffer++;
      if (!this.overflowing) {
        this.overflowing = true;
        this.o.problem({ kind: 'buffer-full', message: `the buffer of ${this.o.maxBufferEvents} events is full; events are dropped and counted until it drains`, events: 1 });
      }
      return;
    }
    this.overflowing = false;
    this.buffer.push(line);
    this.schedule(this.buffer.length >= this.o.batchSize ? 0 : this.o.flushIntervalMs);
  }

  /** Arms the flush timer (keeping an earlier one); the timer never keeps Node alive. */
  schedule(ms: number): void {
    if (this.current || this.closed) return; // the running loop reschedules when it ends
    const due = Date.now() + ms;
    if (this.timer !== null) {
      if (this.timerDue <= due) return;
      clearTimeout(this.timer);
    }
    this.timerDue = due;
    this.timer = unrefTimer(
      setTimeout(() => {
        this.timer = null;
        if (!this.current) this.current = this.run(false, false, false).finally(() => this.done());
      }, ms),
    );
  }

  /**
   * Sends everything buffered (retrying as configured); `final` also flushes the guard's
   * summaries. `keepAlive` lets its retry waits hold a Node process open (an awaited flush or
   * close does; the flush at process exit does not, so a dead endpoint cannot hang the exit).
   */
  async flush(final: boolean, keepAlive: boolean): Promise<void> {
    // A retry wait started by the timer does not hold Node open; one the app awaits must.
    if (keepAlive && this.sleeper) refTimer(this.sleeper.timer);
    while (this.current) await this.current;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.current = this.run(true, final, keepAlive).finally(() => this.done());
    await this.current;
  }

  /** Gives up on what is still unsent (counted as `retries`) and stops: close() after its timeout. */
  abandon(): void {
    this.closed = true;
    this.dropped.retries += this.buffered;
    if (this.batch) this.batch.abandoned = true;
    this.batch = null;
    this.buffer = [];
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.abort?.abort();
    if (this.sleeper) {
      clearTimeout(this.sleeper.timer);
      this.sleeper.wake();
    }
  }

  /**
   * Takes the oldest lines that fit `maxBytes` for a page-hide request (plus a drop report), from
   * a batch waiting for its retry and the buffer. A batch on the wire stays there.
   */
  takeForUnload(maxBytes: number): { body: string; events: number } | null {
    const waiting = this.batch && !this.onWire(this.batch) ? this.batch : null;
    const lines = waiting ? [...waiting.lines.slice(waiting.report ? 1 : 0), ...this.buffer] : this.buffer;
    const parts: string[] = [];
    let bytes = 0;
    const delta = this.unreported();
    if (delta) {
      const report = this.o.reportLine(delta);
      if (utf8Length(report) + 1 <= maxBytes) {
        parts.push(report);
        bytes = utf8Length(report) + 1;
        this.addReported(delta); // best effort: the page is going away, no answer will come
      }
    }
    let taken = 0;
    for (const line of lines) {
      const size = utf8Length(line) + 1;
      if (bytes + size > maxBytes) break;
      bytes += size;
      parts.push(line);
      taken++;
    }
    if (parts.length === 0) return null;
    if (waiting) {
      waiting.abandoned = true; // its sleeping retry loop sees this and stops
      this.batch = null;
    }
    this.buffer = lines.slice(taken);
    return { body: parts.join('\n'), events: taken };
  }

  /**
   * Every unsent line, oldest first (persisted at page hide), except a batch on the wire: the server
   * may have it already, and the next page sending it again would store it twice.
   */
  pendingLines(): string[] {
    const waiting = this.batch && !this.batch.abandoned && !this.onWire(this.batch) ? this.batch.lines.slice(this.batch.report ? 1 : 0) : [];
    return [...waiting, ...this.buffer];
  }

  /** The batch's request is under way, or may be (a keepalive request whose page promise failed just now). */
  private onWire(batch: Batch): boolean {
    return this.inFlight || Date.now() < batch.unsureUntil;
  }

  /** Puts lines saved by an earlier page back at the front of the buffer. */
  restore(lines: string[]): void {
    const room = Math.max(0, this.o.maxBufferEvents - this.buffer.length);
    if (lines.length > room) this.dropped.buffer += lines.length - room;
    this.buffer = [...lines.slice(0, room), ...this.buffer];
    if (this.buffer.length > 0) this.schedule(0);
  }

  private done(): void {
    this.current = null;
    if (this.buffer.length > 0 || this.o.pending()) this.schedule(this.buffer.length >= this.o.batchSize ? 0 : this.o.flushIntervalMs);
  }

  private async run(drain: boolean, final: boolean, keepAlive: boolean): Promise<void> {
    for (;;) {
      if (this.closed) return;
      this.o.beforeBatch(final);
      if (this.batch === null) this.batch = this.take();
      if (this.batch === null) return;
      await this.deliver(this.batch, keepAlive);
      this.batch = null;
      if (!drain && this.buffer.length < this.o.batchSize) return;
    }
  }

  private take(): Batch | null {
    if (this.buffer.length === 0) return null;
    let n = 0;
    let bytes = 0;
    while (n < this.buffer.length && n < this.o.batchSize) {
      bytes += this.buffer[n].length + 1;
      if (n > 0 && bytes > this.o.maxBatchBytes) break;
      n++;
    }
    const lines = this.buffer.slice(0, n);
    this.buffer = this.buffer.slice(n);
    const report = this.unreported();
    if (report) lines.unshift(this.o.reportLine(report));
    return { lines, report, attempts: 0, abandoned: false, unsureUntil: 0 };
  }

  private unreported(): DropCounts | null {
    const delta = zero();
    let any = false;
    for (const k of KINDS) {
      delta[k] = this.dropped[k] - this.reported[k];
      if (delta[k] > 0) any = true;
    }
    return any ? delta : null;
  }

  private addReported(delta: DropCounts): void {
    for (const k of KINDS) this.reported[k] += delta[k];
  }

  private async deliver(batch: Batch, keepAlive: boolean): Promise<void> {
    for (;;) {
      const events = batch.lines.length - (batch.report ? 1 : 0);
      this.inFlight = true;
      const answer = await this.post(batch.lines).finally(() => (this.inFlight = false));
      if (answer instanceof Error && this.keepalive?.used) batch.unsureUntil = Date.now() + KEEPALIVE_UNSURE_MS;
      if (batch.abandoned) return;
      const outcome = classify(answer);
      if (outcome.kind === 'delivered') {
        if (batch.report) this.addReported(batch.report);
        const refused = Math.min(events, outcome.rejected);
        this.sent += events - refused;
        if (refused > 0) {
          this.dropped.rejected += refused;
          this.o.problem({ kind: 'rejected', status: outcome.status, message: outcome.message, events: refused });
        }
        return;
      }
      if (outcome.kind === 'refused') {
        this.dropped.rejected += events;
        this.o.problem({ kind: outcome.problem, status: outcome.status, message: outcome.message, events });
        return;
      }
      if (outcome.resend && this.narrow(batch, outcome.resend, outcome.status, outcome.message)) return;
      batch.attempts++;
      if (batch.attempts >= this.o.retry.maxAttempts) {
        const left = batch.lines.length - (batch.report ? 1 : 0);
        this.dropped.retries += left;
        this.o.problem({ kind: 'gave-up', status: outcome.status, message: `gave up after ${batch.attempts} attempts: ${outcome.message}`, events: left });
        return;
      }
      const wait = retryAfterMs(outcome.retryAfter, this.o.retry) ?? backoffDelay(batch.attempts, this.o.retry);
      await this.sleep(wait, keepAlive);
      if (batch.abandoned) return;
    }
  }

  /**
   * SQS took part of the batch (AWS mode): keeps only the lines the server listed to send again,
   * counting the others as sent or refused, so nothing it took is sent twice. A list that does not
   * fit the batch is ignored (the whole batch goes again). True when nothing is left to send.
   */
  private narrow(batch: Batch, resend: { lines: number[]; rejected: number }, status: number | undefined, message: string): boolean {
    if (resend.lines.some((i) => i >= batch.lines.length)) return false;
    const keep = new Set(resend.lines);
    const before = batch.lines.length - (batch.report ? 1 : 0);
    if (batch.report && !keep.has(0)) {
      this.addReported(batch.report); // the drop report got through
      batch.report = null;
    }
    batch.lines = batch.lines.filter((_, i) => keep.has(i));
    const after = batch.lines.length - (batch.report ? 1 : 0);
    const refused = Math.min(before - after, resend.rejected);
    this.sent += before - after - refused;
    if (refused > 0) {
      this.dropped.rejected += refused;
      this.o.problem({ kind: 'rejected', status, message, events: refused });
    }
    return batch.lines.length === 0;
  }

  private post(lines: string[]): Promise<Answer | Error> {
    const abort = typeof AbortController === 'function' ? new AbortController() : null;
    this.abort = abort;
    this.requests++;
    return postLines(this.o, lines, abort, this.keepalive).finally(() => (this.abort = null));
  }

  /** The wait before a retry; abandon() ends it early. */
  private sleep(ms: number, keepAlive: boolean): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        this.sleeper = null;
        resolve();
      };
      const timer = setTimeout(wake, ms);
      if (!keepAlive) unrefTimer(timer);
      this.sleeper = { timer, wake };
    });
  }
}

function keepaliveFetch(): boolean {
  return typeof fetch === 'function' && typeof Request === 'function' && 'keepalive' in Request.prototype;
}
