import { pageView, trackClicks, type ClickOptions } from './browser';
import { Delivery, type DropCounts } from './delivery';
import { RepeatGuard, type Suppressed } from './guard';
import { wrapFetch } from './http';
import { LEVEL_RANK, resolveOptions, type Fields, type Level, type LoggerOptions } from './options';
import { isBrowser, onProcessIdle, sessionId as autoSessionId } from './runtime';
import { errorObject, messageText, sanitize, type JsonValue, type SanitizeLimits } from './sanitize';
import { watchPageHide } from './unload';

export interface LoggerStats {
  /** Events waiting to be sent. */
  buffered: number;
  /** Events the server stored. */
  sent: number;
  /** Requests made (including retries). */
  requests: number;
  /** Repeats held back by the re-render guard (their counts are sent as summaries). */
  suppressed: number;
  dropped: DropCounts;
}

export interface Logger {
  debug(message: unknown, fields?: Fields): void;
  info(message: unknown, fields?: Fields): void;
  warn(message: unknown, fields?: Fields): void;
  error(message: unknown, fields?: Fields): void;
  log(level: Level, message: unknown, fields?: Fields): void;
  /** A product event (`event` field; level info): `logger.event('feature_used', {feature: 'export'})`. */
  event(name: string, fields?: Fields): void;
  /** `fetch` that sends `x-request-id` (same origin and `propagateTo`) and logs the call. */
  fetch: typeof fetch;
  /** Browser: a `page_view` event for the current page. */
  pageView(fields?: Fields): void;
  /** Browser: `click` events for clicks on buttons, links and `[data-log-click]`; returns a stop function. */
  trackClicks(options?: ClickOptions): () => void;
  /** Sends what is buffered; resolves once delivered or given up (or after `timeoutMs`). */
  flush(timeoutMs?: number): Promise<void>;
  /** Sends everything (summaries too), then stops; what is unsent after `timeoutMs` (default 5 000) is counted as dropped. */
  close(timeoutMs?: number): Promise<void>;
  stats(): LoggerStats;
  readonly sessionId: string;
}

const SDK_LIMITS = { maxDepth: 8, maxKeys: 200 };

/** Creates a logger. Bad options throw here, once; the logging calls never throw. */
export function createLogger(options: LoggerOptions): Logger {
  const o = resolveOptions(options);
  const limits: SanitizeLimits = { ...SDK_LIMITS, maxStringLength: o.maxStringLength };
  const session = o.sessionId ?? autoSessionId();
  const guard = o.repeats ? new RepeatGuard(o.repeats) : null;
  const warned = new Set<string>();
  // Captured now, so an app that installs logger.fetch as the global fetch cannot make the SDK
  // log (and recurse into) its own requests.
  const original = typeof fetch === 'function' ? fetch.bind(globalThis) : undefined;
  const baseFetch = () => o.fetch ?? original ?? (typeof fetch === 'function' ? fetch : undefined);

  // Fields every event shares, serialized once: each line is `{"timestamp":…,<constant>,<call>}`.
  // Later keys win when the server parses the line, so a call's own fields override these.
  const constant: Record<string, JsonValue> = {};
  const context = sanitize(o.fields, limits);
  if (context && typeof context === 'object' && !Array.isArray(context)) Object.assign(constant, context);
  if (o.source !== undefined) constant.source = o.source;
  if (o.stream !== undefined) constant.stream = o.stream;
  constant['session.id'] = session;
  const prefix = `,${JSON.stringify(constant).slice(1, -1)},`;
  const line = (t: number, core: string) => `{"timestamp":${t}${prefix}${core.slice(1)}`;

  const delivery: Delivery = new Delivery({
    url: o.ingestUrl,
    key: o.key,
    batchSize: o.batchSize,
    flushIntervalMs: o.flushIntervalMs,
    maxBufferEvents: o.maxBufferEvents,
    maxBatchBytes: o.maxBatchBytes,
    requestTimeoutMs: o.requestTimeoutMs,
    compress: o.compress,
    retry: o.retry,
    fetch: baseFetch,
    problem: (p) => {
      if (o.onError) {
        try {
          o.onError(p);
        } catch {
          // the app's handler must not break delivery
        }
      } else if (!warned.has(`${p.kind}${p.status ?? ''}`) && typeof console !== 'undefined') {
        warned.add(`${p.kind}${p.status ?? ''}`);
        console.warn(`[logline] ${p.message} (${p.events} events; further ones are counted in logger.stats())`);
      }
    },
    beforeBatch: (final) => summaries(final),
    pending: () => guard?.pending ?? false,
    reportLine: (d) => line(Date.now(), JSON.stringify(dropReport(d))),
  });

  function summaries(final: boolean): void {
    if (!guard?.pending) return;
    for (const s of guard.due(Date.now(), final)) delivery.enqueue(line(s.last, JSON.stringify(summary(s))));
  }

  let closed = false;
  function record(level: Level, message: unknown, fields: unknown, event?: string): void {
    if (closed) return;
    try {
      if (LEVEL_RANK[level] < o.minRank) return;
      const t = Date.now();
      const msg = messageText(message, limits);
      const payload: Record<string, JsonValue> = {};
      if (fields !== undefined && fields !== null) {
        const f = sanitize(fields, limits);
        if (f !== null && typeof f === 'object' && !Array.isArray(f)) Object.assign(payload, f);
        else if (f !== undefined) payload.data = f;
      }
      if (message instanceof Error && !('error' in payload)) payload.error = errorObject(message, limits);
      payload.level = level;
      payload.message = msg;
      if (event !== undefined) payload.event = event;
      let core = JSON.stringify(payload);
      if (guard && !guard.admit(RepeatGuard.key(level, msg, event), core, t, level, msg, event)) {
        delivery.schedule(o.flushIntervalMs);
        return;
      }
      if (core.length > o.maxEventBytes) core = JSON.stringify(oversize(level, msg, event, core.length));
      delivery.enqueue(line(t, core));
    } catch {
      delivery.dropped.internal++;
    }
  }

  const stopHide = isBrowser && o.unload ? watchPageHide(delivery, o.unload, { url: o.ingestUrl, key: o.key, storageKey: `logline.pending:${o.ingestUrl}:${o.source ?? ''}`, summaries }) : null;
  // Node: send what is left when the event loop empties (the SDK's timers never keep it alive).
  // Its retry waits do not either, so a dead endpoint cannot hold the exit.
  const stopIdle = onProcessIdle(() => {
    if (delivery.buffered > 0 || guard?.pending) void delivery.flush(true, false);
  });

  const logger: Logger = {
    debug: (m, f) => record('debug', m, f),
    info: (m, f) => record('info', m, f),
    warn: (m, f) => record('warn', m, f),
    error: (m, f) => record('error', m, f),
    log: (level, m, f) => record(level in LEVEL_RANK ? level : 'info', m, f),
    event: (name, f) => record('info', typeof name === 'string' ? name : messageText(name, limits), f, typeof name === 'string' ? name : messageText(name, limits)),
    fetch: wrapFetch(record, baseFetch, o.propagateTo),
    pageView: (f) => pageView(record, f),
    trackClicks: (opts) => trackClicks(record, opts),
    flush: (timeoutMs) => within(delivery.flush(false, true), timeoutMs),
    close: async (timeoutMs = 5000) => {
      if (closed) return;
      closed = true;
      stopHide?.();
      stopIdle();
      await within(delivery.flush(true, true), timeoutMs);
      delivery.abandon();
    },
    stats: () => ({ buffered: delivery.buffered, sent: delivery.sent, requests: delivery.requests, suppressed: guard?.total ?? 0, dropped: { ...delivery.dropped } }),
    sessionId: session,
  };
  return logger;
}

function within(work: Promise<void>, timeoutMs: number | undefined): Promise<void> {
  if (timeoutMs === undefined) return work;
  return new Promise((resolve) => {
    const t = setTimeout(resolve, timeoutMs);
    work.then(
      () => {
        clearTimeout(t);
        resolve();
      },
      () => resolve(),
    );
  });
}

function summary(s: Suppressed): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {
    level: s.level,
    message: `suppressed ${s.count} ${s.count === 1 ? 'repeat' : 'repeats'}: ${s.message}`,
    event: 'logline.suppressed',
    'logline.suppressed': s.count,
    'logline.repeat.message': s.message,
    'logline.repeat.first': new Date(s.first).toISOString(),
    'logline.repeat.last': new Date(s.last).toISOString(),
  };
  if (s.event !== undefined) out['logline.repeat.event'] = s.event;
  return out;
}

function dropReport(d: DropCounts): Record<string, JsonValue> {
  const total = d.buffer + d.rejected + d.retries + d.unload + d.internal;
  return {
    level: 'warn',
    message: `logline SDK dropped ${total} events (buffer full ${d.buffer}, refused ${d.rejected}, retries exhausted ${d.retries}, page hide ${d.unload}, internal ${d.internal})`,
    event: 'logline.dropped',
    'logline.dropped': total,
    'logline.dropped.buffer': d.buffer,
    'logline.dropped.rejected': d.rejected,
    'logline.dropped.retries': d.retries,
    'logline.dropped.unload': d.unload,
    'logline.dropped.internal': d.internal,
  };
}

function oversize(level: Level, message: string, event: string | undefined, size: number): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = { level, message: message.slice(0, 1000), 'logline.oversize': size };
  if (event !== undefined) out.event = event;
  return out;
}
