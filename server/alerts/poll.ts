// Fingerprint rules fed from the store instead of the ingest sinks: in AWS mode the pipeline runs
// in Lambda and the console never sees the events, so every poll interval the console asks the
// store (Logs Insights there, DuckDB here) for the rule's events per fingerprint since the last
// poll, and feeds the same burst logic. Also how a new rule learns the fingerprints already known.
import type { Observation } from '@/lib/alerts/bursts';
import { parse } from '@/lib/query';
import type { Config } from '../config';
import type { ResultValue } from '../store/backend';
import { titleOf, type FingerprintRuntime } from './fingerprint-rules';
import type { EngineContext } from './runtime';

/** How far back a new rule looks for fingerprints it should not call new. */
export const SEED_LOOKBACK_MS = 30 * 86_400_000;

/**
 * The poll reads by @ingestionTime (when the store received an event), so an event that arrives
 * late is still read once; its @timestamp may be at most this much older than the last poll
 * (every poll scans this much more, billed in AWS mode). Older ones are never seen by the poll.
 */
export const LATE_EVENTS_MS = 10 * 60_000;

function query(text: string) {
  const parsed = parse(text);
  if (!parsed.ok) throw new Error(`internal query does not parse: ${parsed.error.message}`);
  return parsed.query;
}

/** A time cell: epoch ms, or text as both stores print @timestamp ("2026-11-20 12:00:00.000", UTC). */
export function resultTime(v: ResultValue | undefined): number | null {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return null;
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v.replace(' ', 'T') : `${v.replace(' ', 'T')}Z`);
  return Number.isFinite(ms) ? ms : null;
}

const text = (v: ResultValue | undefined) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));

/** Loads the fingerprints known before the rule's runtime was made (the engine runs it in the background). */
export async function seedFingerprints(rt: FingerprintRuntime, ctx: EngineContext): Promise<number> {
  if (rt.lastError) return 0;
  // Up to when the runtime was made: later events reach it through the sinks or the poll.
  const end = rt.since;
  const result = await ctx.backend.query(query(rt.seedQuery()), { start: end - SEED_LOOKBACK_MS, end }, rt.rule.sources, { timeoutMs: 60_000 });
  let n = 0;
  for (const row of result.rows) {
    const key = text(row['@fingerprint']);
    const last = resultTime(row.last);
    if (!key || last === null || rt.tracker.get(key)) continue;
    const title = titleOf({ fields: { message: row.msg }, message: text(row.raw) });
    rt.tracker.load({ key, state: 'OK', title, source: text(row['@log']), level: text(row.lvl), lastSeen: last, burstStart: last, count: 0, minTs: last, maxTs: last, sinceClear: 0, cause: 'new', quietForMs: null, notifiedCount: 0, notifiedAt: 0, sample: null, snoozedUntil: null });
    n++;
  }
  return n;
}

export async function pollFingerprints(rt: FingerprintRuntime, ctx: EngineContext, now: number, settings: Config['alerts']): Promise<void> {
  // Not seeded yet: the cursor stays, so the first poll after the seed reads what came meanwhile.
  if (rt.lastError || !rt.seeded) return;
  // The cursor is on @ingestionTime; the lag is how long a received event takes to be queryable.
  const to = now - settings.pollLagSeconds * 1000;
  const from = rt.polledUntil ?? to - settings.pollSeconds * 1000;
  if (to <= from) return;
  // @timestamp reaches back for late events, and up to now for clocks a little ahead.
  const result = await ctx.backend.query(query(rt.pollQuery(from, to)), { start: from - LATE_EVENTS_MS, end: now }, rt.rule.sources, { timeoutMs: 60_000 });
  rt.polledUntil = to;
  const observations: Observation[] = [];
  for (const row of result.rows) {
    const first = resultTime(row.first);
    const last = resultTime(row.last);
    const minTs = resultTime(row.minTs) ?? first;
    const maxTs = resultTime(row.maxTs) ?? last;
    const count = typeof row.n === 'number' ? row.n : Number(row.n);
    if (first === null || last === null || minTs === null || maxTs === null || !Number.isFinite(count) || count <= 0) continue;
    const raw = text(row.raw);
    observations.push({
      fingerprint: text(row['@fingerprint']),
      source: text(row['@log']),
      level: text(row.lvl),
      title: titleOf({ fields: { message: row.msg }, message: raw }),
      count,
      // As from the sinks: when the events were received, and their own time range.
      firstAt: first,
      lastAt: last,
      minTs,
      maxTs,
      sample: { timestamp: minTs, source: text(row['@log']), stream: text(row.stream), level: text(row.lvl), message: raw.slice(0, 4000), fields: {} },
    });
  }
  rt.apply(observations, ctx);
}
