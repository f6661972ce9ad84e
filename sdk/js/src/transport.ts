import type { Answer } from './retry';
import { gzip, unrefTimer } from './runtime';

export interface PostTarget {
  url: string;
  key: string;
  compress: boolean;
  requestTimeoutMs: number;
  fetch: () => typeof fetch | undefined;
}

/**
 * One POST of NDJSON lines to /api/ingest: gzip when it pays, the key in the Authorization header,
 * cut after `requestTimeoutMs` (the answer's body included). Never throws: a network error is
 * returned as the Error.
 */
export async function postLines(o: PostTarget, lines: string[], abort: AbortController | null): Promise<Answer | Error> {
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
  const timeout = abort ? unrefTimer(setTimeout(() => abort.abort(), o.requestTimeoutMs)) : null;
  try {
    const res = await f(o.url, { method: 'POST', headers, body, signal: abort?.signal });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.text().catch(() => '') };
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  } finally {
    if (timeout !== null) clearTimeout(timeout);
  }
}
