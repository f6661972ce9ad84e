import { toLogEvent, type LogEvent } from '@/lib/events';
import { generateDemo } from '@/scripts/demo/generate';
import type { LogBackend } from './store/backend';

/**
 * Fills an empty store with the demo product's eight weeks of logs. Events go through the same
 * normalize/flatten step as ingest, but not to the sinks: old demo events must not raise alerts.
 */
export async function seedDemo(backend: LogBackend, now = Date.now(), scale = 1): Promise<number> {
  let total = 0;
  const started = performance.now();
  for (const batch of generateDemo({ now, scale })) {
    const events: LogEvent[] = [];
    for (const e of batch) {
      const r = toLogEvent(e.event, { source: e.source, stream: e.stream, receivedAt: now });
      if (r.ok) events.push(r.event);
    }
    await backend.append(events);
    total += events.length;
  }
  console.log(`  demo data: ${total.toLocaleString('en-US')} events in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return total;
}
