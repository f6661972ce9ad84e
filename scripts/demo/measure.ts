/**
 * Prints how many events the demo generator makes per source, and how long it takes.
 *
 *   npx tsx scripts/demo/measure.ts [scale=1] [now=2026-11-20T15:30:00Z] [seed=42]
 */
import { generateDemo } from './generate';

const scale = Number(process.argv[2] ?? 1);
const now = Date.parse(process.argv[3] ?? '2026-11-20T15:30:00Z');
const seed = Number(process.argv[4] ?? 42);
if (!Number.isFinite(scale) || !Number.isFinite(now) || !Number.isFinite(seed)) {
  console.error('usage: npx tsx scripts/demo/measure.ts [scale] [now as ISO-8601] [seed]');
  process.exit(2);
}

const started = performance.now();
const perSource = new Map<string, number>();
let total = 0;
let batches = 0;
for (const batch of generateDemo({ now, seed, scale })) {
  batches++;
  for (const e of batch) perSource.set(e.source, (perSource.get(e.source) ?? 0) + 1);
  total += batch.length;
}
const ms = performance.now() - started;

for (const [source, count] of [...perSource].sort()) console.log(`${source.padEnd(6)} ${String(count).padStart(8)}`);
console.log(`total  ${String(total).padStart(8)} in ${batches} batches, ${ms.toFixed(0)} ms (scale ${scale}, seed ${seed})`);
