import { toLogEvent, type LogEvent } from '@/lib/events';
import { generateDemo } from '@/scripts/demo/generate';
import { DEMO_USERS } from './auth/bootstrap';
import { seedStarterQueries } from './meta/starter-queries';
import { findUserForSignIn } from './meta/users';
import type { Services } from './registry';
import type { LogBackend } from './store/backend';

/** Demo data and the starter query library, owned by the demo admin. */
export async function seedDemo(services: Services, now = Date.now()): Promise<void> {
  await seedDemoEvents(services.backend, now);
  const admin = await findUserForSignIn(services.meta, DEMO_USERS[0].email);
  if (admin) await seedStarterQueries(services.meta, { ...admin.user, via: 'session' });
}

/**
 * Fills an empty store with the demo product's eight weeks of logs. Events go through the same
 * normalize/flatten step as ingest, but not to the sinks: old demo events must not raise alerts.
 */
export async function seedDemoEvents(backend: LogBackend, now = Date.now(), scale = 1): Promise<number> {
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
