import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testMessage } from '@/lib/alerts/slack-blocks';
import { MetaDb } from '../meta/db';
import { DuckDbBackend } from '../store/duckdb/backend';
import { startSlackReceiver, type SlackReceiver } from '../test-support/slack-receiver';
import { tempDataDir } from '../test-support/spawn-server';
import { Notifier, type Outgoing } from './notifier';
import { listDeliveries } from './store';

/** The notifier on a real DuckDB file (the delivery history) and a loopback receiver standing in for Slack. */
let backend: DuckDbBackend;
let meta: MetaDb;
let slack: SlackReceiver;

beforeAll(async () => {
  backend = await DuckDbBackend.open({ dataDir: tempDataDir(), maxQueuedEvents: 10_000 });
  meta = new MetaDb(await backend.instance.connect());
  slack = await startSlackReceiver();
});
afterAll(async () => {
  await slack?.close();
  await backend?.close();
});

function outgoing(url: string, i: number): Outgoing {
  return { url, ruleId: 'r1', ruleName: 'Rule', kind: 'test', groupKey: null, message: testMessage({ ruleName: 'Rule', consoleUrl: 'https://logline.example', sentBy: 'test', at: i }) };
}

describe('the notifier when the delivery history cannot be written', () => {
  it('never leaves a rejected promise unhandled (which would crash the console), and works again afterwards', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const notifier = new Notifier(meta, { allowedHosts: [], allowLoopbackHttp: true }, { sleep: async () => undefined });
    await meta.run('ALTER TABLE meta.alert_deliveries RENAME TO alert_deliveries_away');
    try {
      // 101 at once: the last one finds the webhook's queue full and is only recorded, not sent.
      for (let i = 0; i <= 100; i++) notifier.enqueue(outgoing(slack.url('/full'), i));
      await notifier.idle();
      await meta.all('SELECT 1');
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => setImmediate(r));
      expect(unhandled).toEqual([]);
      expect(errors.mock.calls.some((c) => String(c[0]).includes('could not record a message dropped for a full webhook queue'))).toBe(true);
    } finally {
      await meta.run('ALTER TABLE meta.alert_deliveries_away RENAME TO alert_deliveries');
      process.off('unhandledRejection', onUnhandled);
      errors.mockRestore();
    }
    notifier.enqueue(outgoing(slack.url('/after'), 1));
    await notifier.idle();
    expect(slack.messages.filter((m) => m.path === '/after')).toHaveLength(1);
    expect((await listDeliveries(meta, { ruleId: 'r1', limit: 10 })).map((d) => d.status)).toEqual(['sent']);
  });
});
