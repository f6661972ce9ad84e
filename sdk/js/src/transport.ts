import type { Answer } from './retry';
import { gzip, unrefTimer, utf8Length } from './runtime';

export interface PostTarget {
  url: string;
  key: string;
  compress: boolean;
  requestTimeoutMs: number;
  fetch: () => typeof fetch | undefined;
}

/**
 * Browsers: a batch body up to `maxBytes` goes as a keepalive request, which outlives the page, so
 * a navigation does not cut a batch the server may already have (and the page, not knowing, send
 * it again). `inFlight` is its size while it is on the wire: page hide's keepalive requests share
 * the browser's 64 KiB with it.
 */
export interface KeepaliveBatches {
  maxBytes: number;
  inFlight: number;
  /** The last request went as keepalive. */
  used: boolean;
}

/**
 * One POST of NDJSON lines to /api/ingest: gzip when it pays, the key in the Authorization header,
 * cut after `requestTimeoutMs` (the answer's body included). Never throws: a network error is
 * returned as the Error.
 */
export async function postLines(o: PostTarget, lines: string[], abort: AbortController | null, keepalive?: KeepaliveBatches): Promise<Answer | Error> {
  const f = o.fetch();
  if (!f) return new Error('fetch is not available in this runtime; pass options.fetch');
  const text = lines.join('\n');
  const headers: Record<string, string> = { authorization: `Bearer ${o.key}`, 'content-type': 'application/x-ndjson' };
  let body: string | Uint8Array<ArrayBuffer> = text;
  if (o.compress && text.length > 1024) {
    const zipped = await gzip(text);
    if (zipped) {
      body = zipped;
      headers['content-encoding'] = 'gzip';
    }
  }
  const bytes = typeof body === 'string' ? utf8Length(body) : body.byteLength;
  const lasting = keepalive !== undefined && bytes <= keepalive.maxBytes;
  if (keepalive) keepalive.used = lasting;
  if (lasting) keepalive.inFlight = bytes;
  const timeout = abort ? unrefTimer(setTimeout(() => abort.abort(), o.requestTimeoutMs)) : null;
  try {
    const res = await f(o.url, { method: 'POST', headers, body, signal: abort?.signal, ...(lasting ? { keepalive: true } : {}) });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.text().catch(() => '') };
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  } finally {
    if (timeout !== null) clearTimeout(timeout);
    if (lasting) keepalive.inFlight = 0;
  }
}
