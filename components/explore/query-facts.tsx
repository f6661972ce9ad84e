import type { QueryWait } from '@/lib/query/result-types';
import { approxUsd, formatBytes } from './aws-cost';
import type { QueryResponse } from './use-explore-data';

/**
 * What a run cost: the same statistics CloudWatch reports, plus the time it took, and in AWS
 * mode the estimated price of the bytes scanned. While CloudWatch runs the query the facts are
 * the partial ones; a run stopped before the end says so.
 */
export function QueryFacts({ result, running = false }: { result: QueryResponse; running?: boolean }) {
  const s = result.statistics;
  const partial = result.status === 'Running';
  return (
    <p className="text-xs text-slate-500" data-testid="query-facts">
      {partial && running && <span className="mr-1 font-medium text-indigo-700" data-testid="query-running">Running… {s.recordsMatched.toLocaleString('en-US')} matched so far ·</span>}
      {partial && !running && <span className="mr-1 font-medium text-amber-700">Stopped: partial results ·</span>}
      <strong className="font-medium text-slate-700">{result.rows.length.toLocaleString('en-US')}</strong> rows · {s.recordsMatched.toLocaleString('en-US')} of {s.recordsScanned.toLocaleString('en-US')} events matched · {formatBytes(s.bytesScanned)} scanned
      {s.estimatedCostUsd !== undefined && (
        <>
          {' · '}
          <span className="text-slate-700" title="CloudWatch Logs Insights bills the bytes each query scans" data-testid="query-cost">{approxUsd(s.estimatedCostUsd)}</span>
        </>
      )}
      {' · '}{result.elapsedMs.toLocaleString('en-US')} ms
    </p>
  );
}

/** Where a query waits before CloudWatch runs it (AWS mode). */
export function QueryWaiting({ wait }: { wait: QueryWait }) {
  return (
    <span className="text-xs text-amber-800" role="status" data-testid="query-waiting">
      {wait.reason === 'console-queue'
        ? `Waiting for a Logs Insights slot: ${wait.position === 1 ? 'next' : `${wait.position} in line`} (this console runs a few queries at once)`
        : `The AWS account’s Logs Insights quota is in use; retrying in ${Math.ceil(wait.retryInMs / 1000)} s`}
    </span>
  );
}
