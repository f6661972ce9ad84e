/**
 * The re-render guard: a client stuck in a loop sends one event plus a "suppressed N repeats"
 * summary instead of thousands. Two checks, both before anything is buffered:
 * - repeat folding: an event identical (message and fields) to one of the last few distinct
 *   events, within `windowMs` of it, is only counted. "The last few" rather than "the last one"
 *   catches loops that log two or three things per render (A B A B …).
 * - a token bucket per fingerprint (level + event + message with digits ignored): events that
 *   differ only in a counter or an id still cannot exceed `burst` plus `perSecond`.
 * What either check holds back is summarized per fingerprint once the repeats stop (quiet for
 * `quietMs`), every `summaryIntervalMs` while they go on, and on flush at page hide or close.
 */

export interface RepeatGuardOptions {
  /** Identical events closer together than this are folded (ms). */
  windowMs: number;
  /** Events per fingerprint let through at once (Infinity: no rate limit, only folding)… */
  burst: number;
  /** …and refilled per second. */
  perSecond: number;
  /** A summary is due once its fingerprint has been quiet this long (ms)… */
  quietMs: number;
  /** …or this long after its first suppressed repeat, while a loop goes on (ms). */
  summaryIntervalMs: number;
}

export const DEFAULT_REPEAT_GUARD: RepeatGuardOptions = { windowMs: 2000, burst: 20, perSecond: 5, quietMs: 1000, summaryIntervalMs: 10_000 };

/**
 * In Node only identical repeats are folded by default: a backend logs one template (a request
 * line per route) many times a second on purpose, a browser tab does not.
 */
export const DEFAULT_REPEAT_GUARD_NODE: RepeatGuardOptions = { ...DEFAULT_REPEAT_GUARD, burst: Infinity };

/** What was held back for one fingerprint since its last summary. */
export interface Suppressed {
  level: string;
  message: string;
  event?: string;
  count: number;
  /** Times of the first and last repeat held back (epoch ms). */
  first: number;
  last: number;
}

interface Recent {
  key: string;
  core: string;
  at: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Distinct recent events compared for folding. */
const RECENT = 8;
/** Fingerprints remembered for their buckets; past this the idle ones are forgotten. */
const MAX_BUCKETS = 2000;

export class RepeatGuard {
  private readonly recent: Recent[] = [];
  private readonly buckets = new Map<string, Bucket>();
  private readonly held = new Map<string, Suppressed>();
  /** Repeats held back since the logger started (the summaries carry them to the server). */
  total = 0;

  constructor(private readonly options: RepeatGuardOptions) {}

  /** Fingerprint of an event: its kind, not its exact values. */
  static key(level: string, message: string, event: string | undefined): string {
    const text = message.length > 200 ? message.slice(0, 200) : message;
    return `${level}\u0000${event ?? ''}\u0000${text.replace(/\d+/g, '#')}`;
  }

  /** True when the event should be sent; false when it was folded or rate-limited (and counted). */
  admit(key: string, core: string, now: number, level: string, message: string, event: string | undefined): boolean {
    for (let i = this.recent.length - 1; i >= 0; i--) {
      const r = this.recent[i];
      if (r.key === key && r.core === core && now - r.at <= this.options.windowMs) {
        r.at = now;
        if (i !== this.recent.length - 1) this.recent.push(...this.recent.splice(i, 1)); // most recently seen last
        this.hold(key, now, level, message, event);
        return false;
      }
    }
    if (this.options.burst !== Infinity && !this.take(key, now)) {
      this.hold(key, now, level, message, event);
      return false;
    }
    if (this.recent.length >= RECENT) this.recent.shift();
    this.recent.push({ key, core, at: now });
    return true;
  }

  private take(key: string, now: number): boolean {
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      if (this.buckets.size >= MAX_BUCKETS) this.forgetIdle(now);
      bucket = { tokens: this.options.burst, at: now };
      this.buckets.set(key, bucket);
    } else {
      bucket.tokens = Math.min(this.options.burst, bucket.tokens + ((now - bucket.at) * this.options.perSecond) / 1000);
      bucket.at = now;
    }
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** True while some repeats wait for their summary. */
  get pending(): boolean {
    return this.held.size > 0;
  }

  /** Summaries due now (all of them when `final`), removed from the guard. */
  due(now: number, final: boolean): Suppressed[] {
    const out: Suppressed[] = [];
    for (const [key, s] of this.held) {
      if (final || now - s.last >= this.options.quietMs || now - s.first >= this.options.summaryIntervalMs) {
        out.push(s);
        this.held.delete(key);
      }
    }
    return out;
  }

  private hold(key: string, now: number, level: string, message: string, event: string | undefined): void {
    this.total++;
    const s = this.held.get(key);
    if (s) {
      s.count++;
      s.last = now;
    } else this.held.set(key, { level, message, event, count: 1, first: now, last: now });
  }

  private forgetIdle(now: number): void {
    const full = this.options.burst / Math.max(this.options.perSecond, 1e-9);
    for (const [key, b] of this.buckets) if ((now - b.at) / 1000 >= full) this.buckets.delete(key);
    if (this.buckets.size >= MAX_BUCKETS) this.buckets.clear();
  }
}
