import type { Fields, Level } from './options';
import { isBrowser, now, uuid, withoutQueryValues } from './runtime';

type Record_ = (level: Level, message: unknown, fields: Fields, event?: string) => void;

/**
 * A `fetch` that correlates the client with the backend: it sends `x-request-id` (kept when the
 * caller set one) and logs the call with `request.id`, so the backend's log lines for that
 * request share the id. The header goes only to the page's own origin and to `propagateTo`:
 * a custom header on a cross-origin request needs that server's CORS consent (a preflight).
 * The call itself behaves exactly like fetch: same answer, same errors.
 */
export function wrapFetch(record: Record_, base: () => typeof fetch | undefined, propagateTo: Array<string | RegExp>): typeof fetch {
  return async function loggedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const f = base();
    if (!f) throw new TypeError('fetch is not available in this runtime');
    let prepared: { init: RequestInit; method: string; url: string; requestId: string } | null = null;
    try {
      prepared = prepare(input, init, propagateTo);
    } catch {
      prepared = null; // an input we cannot read: pass it through untouched
    }
    if (!prepared) return f(input, init);
    const { method, url, requestId } = prepared;
    const started = now();
    try {
      const res = await f(input, prepared.init);
      const duration = Math.round(now() - started);
      const level: Level = res.status >= 500 ? 'error' : res.status >= 400 ? 'warn' : 'info';
      record(level, `${method} ${url} ${res.status} in ${duration}ms`, { method, url, status: res.status, duration_ms: duration, 'request.id': requestId }, 'fetch');
      return res;
    } catch (error) {
      const duration = Math.round(now() - started);
      const aborted = (error as { name?: unknown } | null)?.name === 'AbortError';
      record(aborted ? 'warn' : 'error', `${method} ${url} ${aborted ? 'aborted' : 'failed'} after ${duration}ms`, { method, url, duration_ms: duration, 'request.id': requestId, error }, 'fetch');
      throw error;
    }
  };
}

function prepare(input: RequestInfo | URL, init: RequestInit | undefined, propagateTo: Array<string | RegExp>) {
  const request = typeof Request === 'function' && input instanceof Request ? input : null;
  const href = typeof input === 'string' ? input : input instanceof URL ? input.href : request ? request.url : String(input);
  const target = new URL(href, isBrowser ? window.location.href : undefined);
  const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
  const headers = new Headers(init?.headers ?? request?.headers);
  const requestId = headers.get('x-request-id') ?? uuid();
  if (propagates(target, propagateTo)) headers.set('x-request-id', requestId);
  const url = isBrowser && target.origin === window.location.origin ? withoutQueryValues(target).slice(target.origin.length) : withoutQueryValues(target);
  return { init: { ...init, headers }, method, url, requestId };
}

function propagates(target: URL, propagateTo: Array<string | RegExp>): boolean {
  if (!isBrowser) return true; // no CORS outside browsers
  if (target.origin === window.location.origin) return true;
  return propagateTo.some((p) => (typeof p === 'string' ? target.origin === p || target.href.startsWith(p) : p.test(target.href)));
}
