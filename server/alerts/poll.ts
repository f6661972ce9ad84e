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
  const end = now - settings.pollLagSeconds * 1000;
  const start = rt.polledUntil ?? end - settings.pollSeconds * 1000;
  if (end <= start) return;
  // Both ends of a range are inclusive: stop 1 ms short so the next poll starts where this ended.
  const result = await ctx.backend.query(query(rt.pollQuery()), { start, end: end - 1 }, rt.rule.sources, { timeoutMs: 60_000 });
  rt.polledUntil = end;
  const observations: Observation[] = [];
  for (const row of result.rows) {
    const first = resultTime(row.first);
    const last = resultTime(row.last);
    const count = typeof row.n === 'number' ? row.n : Number(row.n);
    if (first === null || last === null || !Number.isFinite(count) || count <= 0) continue;
    const raw = text(row.raw);
    observations.push({
      fingerprint: text(row['@fingerprint']),
      source: text(row['@log']),
      level: text(row.lvl),
      title: titleOf({ fields: { message: row.msg }, message: raw }),
      count,
      firstAt: first,
      lastAt: last,
      minTs: first,
      maxTs: last,
      sample: { timestamp: first, source: text(row['@log']), stream: text(row.stream), level: text(row.lvl), message: raw.slice(0, 4000), fields: {} },
    });
  }
  rt.apply(observations, ctx);
}
