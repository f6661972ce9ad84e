import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEvents } from '../test-support/otlp';
import { signIn } from '../test-support/sign-in';
import { startServer, TEST_ADMIN, TEST_INGEST_KEY, type RunningServer } from '../test-support/spawn-server';

/**
 * What browsers need from `/api/ingest`, against the real server: CORS (preflight, and
 * Retry-After readable from another origin) and sendBeacon's way of sending, a source-bound key in
 * `?key=` with NDJSON as text/plain. Keys that are not source-bound are refused in URLs.
 */
let server: RunningServer;
let cookie: string;
let browserKey: string;
let token: string;

beforeAll(async () => {
  server = await startServer();
  cookie = await signIn(server.url, TEST_ADMIN.email, TEST_ADMIN.password);
  const key = await fetch(`${server.url}/api/admin/keys`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'web app', source: 'beacon-web' }),
  });
  expect(key.status).toBe(201);
  browserKey = ((await key.json()) as { secret: string }).secret;
  const personal = await fetch(`${server.url}/api/me/tokens`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'cli' }) });
  token = ((await personal.json()) as { secret: string }).secret;
});
afterAll(async () => {
  await server?.stop();
});

const ndjson = (...events: object[]) => events.map((e) => JSON.stringify(e)).join('\n');

describe('CORS on /api/ingest', () => {
  it('answers a preflight from any origin for the headers the SDK sends, cached for two hours', async () => {
    const res = await fetch(`${server.url}/api/ingest`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,content-encoding' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toBe('POST');
    for (const h of ['authorization', 'content-type', 'content-encoding', 'x-api-key']) expect(res.headers.get('access-control-allow-headers')).toContain(h);
    expect(res.headers.get('access-control-max-age')).toBe('7200');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('lets the page read every answer, including Retry-After', async () => {
    const ok = await fetch(`${server.url}/api/ingest`, { method: 'POST', headers: { authorization: `Bearer ${TEST_INGEST_KEY}`, 'content-type': 'application/json', origin: 'https://app.example.com' }, body: '{"message":"hi"}' });
    expect(ok.status).toBe(202);
    expect(ok.headers.get('access-control-allow-origin')).toBe('*');
    expect(ok.headers.get('access-control-expose-headers')).toBe('retry-after');
    const refused = await fetch(`${server.url}/api/ingest`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('sendBeacon: the key in ?key=', () => {
  it('stores a text/plain NDJSON beacon as JSON events under the key’s source', async () => {
    const tag = `beacon-${Date.now()}`;
    const res = await fetch(`${server.url}/api/ingest?key=${encodeURIComponent(browserKey)}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      body: ndjson({ tag, level: 'warn', message: 'page hidden', 'session.id': 's-1', source: 'ignored' }, { tag, event: 'click', target: 'save' }),
    });
    expect(await res.json()).toEqual({ accepted: 2 });
    expect(res.status).toBe(202);
    const events = (await readEvents(server.url, cookie, 'beacon-web')).filter((e) => e.fields.tag === tag);
    expect(events).toHaveLength(2);
    expect(events.map((e) => e.log)).toEqual(['beacon-web', 'beacon-web']);
    expect(events.find((e) => e.fields.event === 'click')?.fields.target).toBe('save');
    expect(events.find((e) => e.fields.level === 'warn')?.fields).toMatchObject({ message: 'page hidden', 'session.id': 's-1' });
  });

  it('refuses keys that are not bound to a source, personal tokens and unknown keys in the URL', async () => {
    for (const [key, error] of [
      [TEST_INGEST_KEY, /must be bound to a source/],
      [token, /unknown API key in \?key=/],
      ['lk_not-a-real-key-0000000000', /unknown API key in \?key=/],
    ] as const) {
      const res = await fetch(`${server.url}/api/ingest?key=${encodeURIComponent(key)}`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"message":"x"}' });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: string }).error).toMatch(error);
    }
  });

  it('uses the header key when both are sent, and then text/plain stays text lines', async () => {
    const tag = `header-wins-${Date.now()}`;
    const res = await fetch(`${server.url}/api/ingest?key=garbage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_INGEST_KEY}`, 'content-type': 'text/plain', 'x-logline-source': 'plain-text' },
      body: `{"tag":"${tag}"}`,
    });
    expect(res.status).toBe(202);
    const [event] = (await readEvents(server.url, cookie, 'plain-text')).filter((e) => e.message.includes(tag));
    expect(event.fields.tag).toBeUndefined(); // a text line, not parsed
    expect(event.message).toBe(`{"tag":"${tag}"}`);
  });
});
