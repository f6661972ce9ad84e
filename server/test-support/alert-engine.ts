import { toLogEvent, type LogEvent } from '@/lib/events';
import { AlertEngine } from '../alerts/engine';
import type { RuleDeps } from '../alerts/rules-service';
import type { SessionUser } from '../auth/current-user';
import { MetaDb } from '../meta/db';
import { createUser } from '../meta/users';
import type { LogBackend } from '../store/backend';
import { DuckDbBackend } from '../store/duckdb/backend';
import { startSlackReceiver, type SlackReceiver } from './slack-receiver';
import { tempDataDir } from './spawn-server';

/**
 * What the in-process alert-engine tests share: a real DuckDB file and its metadata, a loopback
 * receiver standing in for Slack, an admin, and engines whose clock is the test's.
 */
export interface AlertBench {
  backend: DuckDbBackend;
  meta: MetaDb;
  slack: SlackReceiver;
  admin: SessionUser;
  engines: AlertEngine[];
}

export async function openAlertBench(): Promise<AlertBench> {
  const backend = await DuckDbBackend.open({ dataDir: tempDataDir(), maxQueuedEvents: 100_000 });
  const meta = new MetaDb(await backend.instance.connect());
  const slack = await startSlackReceiver();
  const user = await createUser(meta, { email: 'admin@example.com', role: 'admin', password: 'admin-password-1' }, null);
  return { backend, meta, slack, admin: { id: user.id, email: user.email, name: user.name, role: 'admin', via: 'session' }, engines: [] };
}

/** Between tests: every engine loads every rule, so each test starts without the ones before. */
export async function resetAlertBench(bench: AlertBench): Promise<void> {
  await bench.meta.run('UPDATE meta.alert_rules SET deleted_at = 1 WHERE deleted_at IS NULL');
  bench.slack.messages.length = 0;
}

export async function closeAlertBench(bench: AlertBench | undefined): Promise<void> {
  if (!bench) return;
  for (const e of bench.engines) await e.stop();
  await bench.slack.close();
  await bench.backend.close();
}

export interface TestEngineOptions {
  clock: () => number;
  /** The store its queries go to (a wrapper that fails or holds some, over the real backend). */
  store?: Pick<LogBackend, 'query'>;
  feed?: 'sinks' | 'poll';
  pollLagSeconds?: number;
  allowedHosts?: string[];
}

/** An engine on the bench (stopped by `closeAlertBench`), and the rule service's view of it. */
export function testEngine(bench: AlertBench, o: TestEngineOptions): { engine: AlertEngine; deps: RuleDeps } {
  const allowedHosts = o.allowedHosts ?? [];
  const engine = new AlertEngine({
    meta: bench.meta,
    backend: o.store ?? bench.backend,
    settings: { allowedHosts, allowLoopbackHttp: true, feed: o.feed ?? 'sinks', pollSeconds: 10, pollLagSeconds: o.pollLagSeconds ?? 0 },
    baseUrl: () => 'https://logline.example',
    clock: o.clock,
    delivery: { sleep: async () => undefined },
  });
  bench.engines.push(engine);
  return { engine, deps: { meta: bench.meta, policy: { allowedHosts, allowLoopbackHttp: true }, reload: () => engine.reload() } };
}

/** An event as the pipeline makes it, at `at`, received at `receivedAt` (@ingestionTime). */
export function testEvent(raw: Record<string, unknown>, at: number, receivedAt = at): LogEvent {
  const r = toLogEvent({ timestamp: at, ...raw }, { source: String(raw.source ?? 'api'), receivedAt });
  if (!r.ok) throw new Error(r.error);
  return r.event;
}
