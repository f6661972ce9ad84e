import type { AlertState } from '@/lib/alerts/rules';
import { Badge } from '../ui/primitives';

const TONE = { OK: 'green', ALERT: 'red', NO_DATA: 'amber' } as const;
const LABEL: Record<AlertState, string> = { OK: 'OK', ALERT: 'Alerting', NO_DATA: 'No data' };

export function StateBadge({ state, count }: { state: AlertState; count?: number }) {
  return (
    <Badge tone={TONE[state]}>
      <span aria-hidden className={`inline-block h-1.5 w-1.5 rounded-full ${state === 'ALERT' ? 'bg-red-500' : state === 'NO_DATA' ? 'bg-amber-500' : 'bg-emerald-500'}`} />
      {count === undefined ? LABEL[state] : `${count} ${LABEL[state].toLowerCase()}`}
    </Badge>
  );
}

/** "3 min ago", "in 2 h": relative times for state and snoozes. */
export function ago(ms: number | null, now = Date.now()): string {
  if (ms === null) return 'never';
  const d = now - ms;
  const abs = Math.abs(d);
  const unit = abs < 60_000 ? [Math.round(abs / 1000), 's'] : abs < 5_400_000 ? [Math.round(abs / 60_000), 'min'] : abs < 172_800_000 ? [Math.round(abs / 3_600_000), 'h'] : [Math.round(abs / 86_400_000), 'days'];
  return d >= 0 ? `${unit[0]} ${unit[1]} ago` : `in ${unit[0]} ${unit[1]}`;
}

export const KIND_LABEL = { fingerprint: 'New or returning error', threshold: 'Threshold on a saved query', storm: 'Log storms' } as const;
