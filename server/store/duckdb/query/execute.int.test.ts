// Running queries: timeouts and cancellation interrupt DuckDB; input DuckDB rejects only at run
// time (an invalid regex) is the user's error; field discovery and top values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, makeEvents, openStore, runText, T0 } from './testing';
import { withDeadline } from './execute';
import { isQueryEngineError } from './errors';

let store: Awaited<ReturnType<typeof openStore>>;
const RANGE = { start: T0, end: T0 + DAY };

beforeAll(async () => {
  store = await openStore();
  await store.backend.append(makeEvents([
    { at: 1, body: { level: 'info', plan: 'free', n: 1, ok: true } },
    { at: 2, body: { level: 'error', plan: 'team', n: 'x' } },
    { at: 3, body: { level: 'info', plan: 'free', status: 'teapot' } },
    { at: 4, body: { level: 'info', status: 200 } },
  ], { source: 'ex' }));
});
afterAll(async () => store.close());

describe('execution', () => {
  it('interrupts a query that runs past its timeout, and on abort', async () => {
    const conn = await store.backend.instance.connect();
    const slow = () => conn.runAndReadAll('SELECT count(*) FROM range(20000000000) t(i) WHERE i % 7 = 3');
    const timedOut = await withDeadline(conn, { timeoutMs: 50 }, slow).catch((e: unknown) => e);
    expect(isQueryEngineError(timedOut) && timedOut.kind).toBe('timeout');
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const cancelled = await withDeadline(conn, { signal: ac.signal }, slow).catch((e: unknown) => e);
    expect(isQueryEngineError(cancelled) && cancelled.kind).toBe('cancelled');
    conn.closeSync();
  });
  it('reports an invalid regex as the user’s error', async () => {
    const error = await runText(store.backend, 'filter @message =~ /a(b/', RANGE).catch((e: unknown) => e);
    expect(isQueryEngineError(error) && error.kind).toBe('invalid');
    expect((error as Error).message).toMatch(/missing \)/);
  });
});

describe('field discovery', () => {
  it('lists fields with type and frequency', async () => {
    const r = await store.backend.fields(RANGE, ['ex']);
    expect(r).toMatchObject({ total: 4, examined: 4, sampled: false });
    const byName = Object.fromEntries(r.fields.map((f) => [f.name, f]));
    expect(byName['@message']).toMatchObject({ type: 'string', count: 4, frequency: 1 });
    expect(byName.level).toMatchObject({ type: 'string', count: 4 });
    expect(byName.plan).toMatchObject({ type: 'string', count: 3, frequency: 0.75 });
    expect(byName.n).toMatchObject({ type: 'mixed', count: 2 });
    expect(byName.ok).toMatchObject({ type: 'boolean', count: 1 });
    expect(byName.status).toMatchObject({ type: 'mixed', count: 2 });
  });
  it('lists the top values of a field with counts', async () => {
    expect(await store.backend.values('plan', RANGE, ['ex'], 5)).toEqual([{ value: 'free', count: 2 }, { value: 'team', count: 1 }]);
    expect(await store.backend.values('level', RANGE, ['ex'], 1)).toEqual([{ value: 'info', count: 3 }]);
    expect(await store.backend.values('status', RANGE, ['ex'])).toEqual([{ value: 'teapot', count: 1 }, { value: 200, count: 1 }]);
  });
});
