import type { QueryResponse } from './use-explore-data';

function bytes(n: number): string {
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

/** What a run cost: the same statistics CloudWatch reports, plus the time it took. */
export function QueryFacts({ result }: { result: QueryResponse }) {
  const s = result.statistics;
  return (
    <p className="text-xs text-slate-500" data-testid="query-facts">
      <strong className="font-medium text-slate-700">{result.rows.length.toLocaleString('en-US')}</strong> rows · {s.recordsMatched.toLocaleString('en-US')} of {s.recordsScanned.toLocaleString('en-US')} events matched · {bytes(s.bytesScanned)} scanned · {result.elapsedMs.toLocaleString('en-US')} ms
    </p>
  );
}
