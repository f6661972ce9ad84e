/** A live-tail subscription's counters, as every live-tail socket sends them with each batch. */
export interface TailStats {
  /** Matching events per second over the last full second. */
  rate: number;
  /** 1 = everything delivered; N = one in N matching events kept. */
  sampleEvery: number;
  /** Matching events not sent because of sampling, since the subscription began. */
  sampledOut: number;
  /** Events dropped because the client did not keep up, since the subscription began. */
  dropped: number;
  /** Every matching event, since the subscription began: delivered + sampledOut + dropped + queued. */
  matched: number;
  /**
   * CloudWatch log groups only (AWS mode): CloudWatch itself kept 500 of more matching events in
   * the last second. It does not say how many more, so these are not in `matched` or `sampledOut`.
   */
  cloudwatchSampled?: boolean;
}

/**
 * The newest counters of one subscription. In AWS mode several consumer instances post to one
 * connection, so batches may arrive slightly out of order: the cumulative counters never go back.
 */
export function latestStats(prev: TailStats | null, next: TailStats): TailStats {
  if (!prev) return next;
  return { ...next, sampledOut: Math.max(prev.sampledOut, next.sampledOut), dropped: Math.max(prev.dropped, next.dropped), matched: Math.max(prev.matched, next.matched) };
}

/** What the page shows for its feeds together (Logline sources and CloudWatch log groups). */
export function combinedStats(all: ReadonlyArray<TailStats | null>): TailStats | null {
  const present = all.filter((s): s is TailStats => s !== null);
  if (present.length === 0) return null;
  return present.reduce((a, b) => ({
    rate: a.rate + b.rate,
    sampleEvery: Math.max(a.sampleEvery, b.sampleEvery),
    sampledOut: a.sampledOut + b.sampledOut,
    dropped: a.dropped + b.dropped,
    matched: a.matched + b.matched,
    cloudwatchSampled: Boolean(a.cloudwatchSampled || b.cloudwatchSampled),
  }));
}
