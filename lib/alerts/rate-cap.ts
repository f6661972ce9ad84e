// The per-rule message budget: at most `perWindow` messages in any sliding window (a minute by
// default). What does not fit is counted, never sent one by one, and summarized in one message
// as soon as there is room again ("N more suppressed").

export type CappedKind = 'alert' | 'update' | 'resolve' | 'storm';

export interface SuppressedSummary {
  counts: Record<CappedKind, number>;
  total: number;
  /** A few of the groups concerned, for the message. */
  examples: string[];
  since: number;
}

const MAX_EXAMPLES = 5;

export class RateCap {
  private sent: number[] = [];
  private counts: Record<CappedKind, number> = { alert: 0, update: 0, resolve: 0, storm: 0 };
  private examples: string[] = [];
  private since = 0;

  constructor(
    private perWindow: number,
    readonly windowMs = 60_000,
  ) {}

  setLimit(perWindow: number): void {
    this.perWindow = perWindow;
  }

  room(now: number): number {
    this.sent = this.sent.filter((t) => now - t < this.windowMs);
    return Math.max(0, this.perWindow - this.sent.length);
  }

  /** True: send it now (the slot is taken). False: it was counted as suppressed. */
  offer(kind: CappedKind, label: string, now: number): boolean {
    if (this.room(now) > 0) {
      this.sent.push(now);
      return true;
    }
    if (this.pending() === 0) this.since = now;
    this.counts[kind]++;
    if (this.examples.length < MAX_EXAMPLES && !this.examples.includes(label)) this.examples.push(label);
    return false;
  }

  pending(): number {
    return this.counts.alert + this.counts.update + this.counts.resolve + this.counts.storm;
  }

  /** When messages were suppressed and a slot is free: takes the slot and returns what to summarize. */
  takeSummary(now: number): SuppressedSummary | null {
    const total = this.pending();
    if (total === 0 || this.room(now) === 0) return null;
    this.sent.push(now);
    const summary = { counts: this.counts, total, examples: this.examples, since: this.since };
    this.counts = { alert: 0, update: 0, resolve: 0, storm: 0 };
    this.examples = [];
    return summary;
  }
}
