import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StormView } from '../alerts/types';
import { signIn } from '../test-support/sign-in';
import { startSlackReceiver, type SlackReceiver } from '../test-support/slack-receiver';
import { ingestHeaders, startServer, TEST_ADMIN, type RunningServer } from '../test-support/spawn-server';

/**
 * The storm guard on the real server: one web session floods one fingerprint while normal
 * traffic goes on. Invariants only (no timing): every normal event is stored, the kept sample of
 * the storm adds up to what was sent, and the storm is recorded and reported.
 */
let server: RunningServer;
let slack: SlackReceiver;
let cookie = '';

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}${path}`, { method, headers: { cookie, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = (await res.json()) as T & { error?: string };
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${json.error}`);
  return json;
}

async function query(ql: string): Promise<Record<string, unknown>[]> {
  const r = await api<{ rows: Record<string, unknown>[] }>('POST', '/api/query', { query: ql, start: Date.now() - 3_600_000, end: Date.now() + 60_000 });
  return r.rows;
}

beforeAll(async () => {
  slack = await startSlackReceiver();
  server = await startServer({ env: { LOGLINE_ALERTS_ALLOW_LOOPBACK_HTTP: '1', LOGLINE_STORM_THRESHOLDS: 'web:200,batch:0' } });
  cookie = await signIn(server.url, TEST_ADMIN.email, TEST_ADMIN.password);
  await api('POST', '/api/alerts', { kind: 'storm', name: 'Storms', webhookUrl: slack.url('/storms') });
});
afterAll(async () => {
  await server?.stop();
  await slack?.close();
});

describe('the storm guard', () => {
  it('samples one flooding fingerprint, keeps counts exact, leaves the rest alone, and records the storm', async () => {
    const loop = (i: number) => ({ source: 'web', level: 'warn', message: 'Maximum update depth exceeded', component: 'GradebookTable', sessionId: 'sess-loop', seq: i });
    const normal = (i: number) => ({ source: 'web', level: 'info', event: 'click', message: `clicked ${['save', 'open', 'close', 'next', 'back'][i % 5]}`, sessionId: `sess-${i % 40}`, tag: 'normal', seq: i });
    let sentStorm = 0;
    let sentNormal = 0;
    let sampled = 0;
    for (let b = 0; b < 12; b++) {
      const storm = Array.from({ length: 2000 }, (_, i) => loop(b * 2000 + i));
      const others = Array.from({ length: 50 }, (_, i) => normal(b * 50 + i));
      const res = await fetch(`${server.url}/api/ingest`, { method: 'POST', headers: ingestHeaders({ 'content-type': 'application/x-ndjson' }), body: [...storm, ...others].map((e) => JSON.stringify(e)).join('\n') });
      expect(res.status).toBe(202);
      const answer = (await res.json()) as { accepted: number; sampled?: number };
      expect(answer.accepted).toBe(2050);
      sampled += answer.sampled ?? 0;
      sentStorm += storm.length;
      sentNormal += others.length;
    }
    // Batch (threshold 0 for it) is never sampled, however loud.
    const batch = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ source: 'batch', message: 'row imported', seq: i })).join('\n');
    const batchAnswer = (await (await fetch(`${server.url}/api/ingest`, { method: 'POST', headers: ingestHeaders({ 'content-type': 'application/x-ndjson' }), body: batch })).json()) as { accepted: number; sampled?: number };
    expect(batchAnswer).toEqual({ accepted: 3000 });

    expect(sampled).toBeGreaterThan(sentStorm * 0.9);
    const [stormCounts] = await query('filter component = "GradebookTable" | stats count(*) as kept, sum(coalesce(logline.represents, 1)) as sent');
    expect(stormCounts).toEqual({ kept: sentStorm - sampled, sent: sentStorm });
    const [normalCounts] = await query('filter tag = "normal" | stats count(*) as n, count(logline.represents) as marked');
    expect(normalCounts).toEqual({ n: sentNormal, marked: 0 });
    const [batchCounts] = await query('filter @log = "batch" | stats count(*) as n');
    expect(batchCounts).toEqual({ n: 3000 });

    const { storms, totals } = await api<{ storms: StormView[]; totals: { sampledOut: number } }>('GET', '/api/alerts/storms');
    expect(storms).toHaveLength(1);
    const [storm] = storms;
    expect(storm).toMatchObject({ source: 'web', level: 'warn', title: 'Maximum update depth exceeded', client: { field: 'session.id', value: 'sess-loop', share: 1 } });
    // The first 200 of its first second fit under web's threshold; the rest went through the sampler.
    expect(storm.kept + storm.dropped).toBe(sentStorm - 200);
    expect(storm.dropped).toBe(sampled);
    expect(totals.sampledOut).toBe(sampled);
    expect(storm.exploreUrl).toContain('/explore?q=filter+logline.storm');
    const [byStorm] = await query(`filter logline.storm = "${storm.id}" | stats sum(logline.represents) as n`);
    expect(byStorm).toEqual({ n: storm.kept + storm.dropped });

    await slack.waitFor((m) => m.some((x) => x.message.text.startsWith('Log storm in web: Maximum update depth exceeded (session.id sess-loop')), 10_000, 'the storm message');
  }, 60_000);

  it('the storm ends once its fingerprint calms down, and stays on record', async () => {
    await slack.waitFor((m) => m.some((x) => x.message.text.startsWith('Log storm ended in web')), 20_000, 'the storm-ended message');
    const { storms } = await api<{ storms: StormView[] }>('GET', '/api/alerts/storms');
    expect(storms[0].endedAt).toBeGreaterThan(storms[0].startedAt);
    expect(storms[0].peakRate).toBeGreaterThan(200);
  }, 30_000);
});
