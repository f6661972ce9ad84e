import { toLogEvent, type LogEvent } from '@/lib/events';
import { WEEK, makePlan } from '@/scripts/demo/calendar';
import { generateDemo } from '@/scripts/demo/generate';
import { DEMO_USERS } from './auth/bootstrap';
import { seedStarterContent } from './meta/starter-dashboards';
import { findUserForSignIn } from './meta/users';
import type { Services } from './registry';
import type { LogBackend } from './store/backend';

/** Demo data, the starter query library and dashboards, and the demo's release markers, owned by the demo admin. */
export async function seedDemo(services: Services, now = Date.now()): Promise<void> {
  await seedDemoEvents(services.backend, now);
  const admin = await findUserForSignIn(services.meta, DEMO_USERS[0].email);
  if (admin) await seedStarterContent(services.meta, { ...admin.user, via: 'session' }, demoMarkers(now));
}

/** The demo's story on every time chart: the feature release and the bad mobile release with its hotfix. */
export function demoMarkers(now: number): { at: number; label: string }[] {
  const plan = makePlan({ now });
  return [
    { at: plan.currentWeek - WEEK, label: 'assignment-dashboard for everyone' },
    { at: plan.badDeploy, label: 'app 4.12.0' },
    { at: plan.badDeploy + 3_600_000, label: 'app 4.12.1 hotfix' },
  ];
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
