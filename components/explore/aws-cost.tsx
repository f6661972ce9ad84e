'use client';

// What Explore does differently in AWS mode, where every query is a billed Logs Insights scan
// that also takes one of the account's concurrent-query slots: the price, a guess of what a run
// will scan, and the confirmation before a wide one.
import { useQuery } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useRef } from 'react';
import type { ScanEstimate } from '@/server/store/backend';
import { api } from '../api/client';
import { Button } from '../ui/primitives';
import type { Range } from './use-explore-data';

export interface AwsPricing {
  /** US dollars per GB scanned (LOGLINE_INSIGHTS_PRICE_PER_GB). */
  pricePerGb: number;
}

/** Null in local mode: queries cost nothing there. */
export const AwsModeContext = createContext<AwsPricing | null>(null);
export const useAwsMode = () => useContext(AwsModeContext);

const GB = 1024 ** 3;
const DAY = 86_400_000;
/** Runs over more than this many days are confirmed first. */
export const CONFIRM_RANGE_MS = 7 * DAY;
/** Runs expected to scan more than this are confirmed first (≈ $0.05 at the list price). */
export const CONFIRM_BYTES = 10 * GB;

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = -1;
  do {
    v /= 1024;
    i++;
  } while (v >= 1024 && i < units.length - 1);
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (usd < 0.0001) return '< $0.0001';
  if (usd < 0.01) return `$${usd.toFixed(4)}`;
  if (usd < 1) return `$${usd.toFixed(3)}`;
  return `$${usd.toFixed(2)}`;
}

/** A cost as said in a sentence: `≈ $0.003`, `under $0.0001`, `$0`. */
export function approxUsd(usd: number): string {
  if (usd === 0) return '$0';
  return usd < 0.0001 ? 'under $0.0001' : `≈ ${formatUsd(usd)}`;
}

export const costOf = (bytes: number, aws: AwsPricing) => (bytes / GB) * aws.pricePerGb;

export function formatSpan(ms: number): string {
  const days = ms / DAY;
  if (days >= 2) return `${Math.round(days)} days`;
  const hours = ms / 3_600_000;
  return hours >= 2 ? `${Math.round(hours)} hours` : `${Math.max(1, Math.round(ms / 60_000))} minutes`;
}

/** What a run over the range is expected to scan, and why we think so. */
export interface ScanGuess {
  bytes: number;
  basis: 'last-run' | 'stored' | 'unknown';
  detail: string;
}

/** Bytes per ms of the last complete run over each selection of sources, for this browser session. */
const lastRuns = new Map<string, { bytes: number; rangeMs: number }>();
const sourcesKey = (sources: readonly string[]) => [...sources].sort().join('\u0000');

/** Records a finished run so the next one over the same sources can be estimated from it. */
export function useRememberRun(aws: AwsPricing | null, sources: readonly string[], range: Range, bytesScanned: number | undefined): void {
  const done = useRef<string | null>(null);
  useEffect(() => {
    if (!aws || bytesScanned === undefined) return;
    const key = `${sourcesKey(sources)}|${range.start}|${range.end}|${bytesScanned}`;
    if (done.current === key) return;
    done.current = key;
    lastRuns.set(sourcesKey(sources), { bytes: bytesScanned, rangeMs: Math.max(1, range.end - range.start) });
  }, [aws, sources, range, bytesScanned]);
}

/**
 * The expected scan: scaled from the last run over the same sources when there was one, else
 * the stored bytes in range (GET /api/query/estimate, free). Undefined while that loads.
 */
export function useScanGuess(aws: AwsPricing | null, range: Range, sources: string[], enabled: boolean): ScanGuess | undefined {
  const span = Math.max(1, range.end - range.start);
  // A run that scanned nothing says nothing about the bytes per day; the stored size does.
  const remembered = aws ? lastRuns.get(sourcesKey(sources)) : undefined;
  const last = remembered && remembered.bytes > 0 ? remembered : undefined;
  const p = new URLSearchParams({ start: String(range.start), end: String(range.end) });
  for (const s of sources) p.append('source', s);
  const stored = useQuery({
    queryKey: ['estimate', range.start, range.end, sources],
    queryFn: ({ signal }) => api<Partial<ScanEstimate>>(`/api/query/estimate?${p}`, { signal }),
    enabled: aws !== null && enabled && !last,
    staleTime: 60_000,
    retry: false,
  });
  if (!aws) return undefined;
  if (last) {
    const bytes = Math.round((last.bytes / last.rangeMs) * span);
    return { bytes, basis: 'last-run', detail: `The last run over these sources scanned ${formatBytes(last.bytes)} in ${formatSpan(last.rangeMs)}.` };
  }
  // Without an estimate the run must be confirmed whatever its range: unknown is not cheap.
  if (stored.isError) return { bytes: 0, basis: 'unknown', detail: 'No estimate: the log groups could not be read, so what this run scans is unknown.' };
  if (!stored.data) return undefined;
  return {
    bytes: stored.data.storedBytes ?? 0,
    basis: 'stored',
    detail: `About ${formatBytes(stored.data.storedBytes ?? 0)} is stored for this range; scans read uncompressed events, often several times more.`,
  };
}

export function needsConfirm(rangeMs: number, guess: ScanGuess | undefined): boolean {
  return rangeMs > CONFIRM_RANGE_MS || (guess !== undefined && (guess.basis === 'unknown' || guess.bytes > CONFIRM_BYTES));
}

/** Asks before a wide or expensive run, with what it is expected to scan and cost. */
export function CostConfirm({ aws, rangeMs, sources, guess, onRun, onCancel }: {
  aws: AwsPricing;
  rangeMs: number;
  sources: string[];
  guess: ScanGuess | undefined;
  onRun: () => void;
  onCancel: () => void;
}) {
  const cost = guess && guess.basis !== 'unknown' ? costOf(guess.bytes, aws) : null;
  const scope = sources.length === 0 ? 'all sources' : sources.length === 1 ? `the ${sources[0]} source` : `${sources.length} sources`;
  return (
    <div className="fixed inset-0 z-50 flex items-start justify-center bg-slate-900/30 pt-32" onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <div role="dialog" aria-modal="true" aria-labelledby="cost-confirm-title" className="w-[28rem] rounded-lg border border-slate-200 bg-white p-5 shadow-xl" data-testid="cost-confirm">
        <h2 id="cost-confirm-title" className="text-base font-semibold text-slate-900">Run this query on CloudWatch?</h2>
        <p className="mt-2 text-sm text-slate-600">
          It reads {formatSpan(rangeMs)} of logs from {scope}. Logs Insights bills ${aws.pricePerGb} per GB scanned.
        </p>
        <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 rounded border border-slate-200 bg-slate-50 px-3 py-2 text-sm">
          <dt className="text-slate-500">Expected scan</dt>
          <dd className="font-medium text-slate-900" data-testid="cost-confirm-bytes">{!guess ? 'estimating…' : guess.basis === 'unknown' ? 'unknown' : `${guess.basis === 'stored' ? 'at least ' : 'about '}${formatBytes(guess.bytes)}`}</dd>
          <dt className="text-slate-500">Estimated cost</dt>
          <dd className="font-medium text-slate-900" data-testid="cost-confirm-cost">{guess?.basis === 'unknown' ? 'unknown' : cost === null ? '…' : cost < 0.0001 ? approxUsd(cost) : guess?.basis === 'stored' ? `${formatUsd(cost)} or more` : approxUsd(cost)}</dd>
        </dl>
        {guess && <p className="mt-2 text-xs text-slate-500">{guess.detail}</p>}
        <div className="mt-5 flex justify-end gap-2">
          {/* Enter must not spend money: the safe answer has the focus. */}
          <Button onClick={onCancel} autoFocus>Don’t run</Button>
          <Button variant="primary" onClick={onRun}>
            Run query
          </Button>
        </div>
      </div>
    </div>
  );
}
