// How POST /api/query answers: JSON by default, NDJSON lines (progress, then one final line)
// for `Accept: application/x-ndjson`; errors keep their status until streaming has begun.
import { describe, expect, it } from 'vitest';
import { QueryEngineError } from '@/server/store/duckdb/query/errors';
import type { QueryResult } from '@/server/store/query-result';
import { answerQuery, NDJSON } from './stream';

const result = (rows: number): QueryResult => ({
  fields: ['n'], rows: Array.from({ length: rows }, (_, i) => ({ n: i })), statistics: { recordsMatched: rows, recordsScanned: 10, bytesScanned: 100 },
});
const request = (accept?: string) => new Request('http://x/api/query', { method: 'POST', headers: accept ? { accept } : {} });

async function lines(res: Response): Promise<Array<Record<string, unknown>>> {
  return (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('query answers', () => {
  it('plain JSON when the client did not ask for a stream (CLI, saved-query runs)', async () => {
    const res = await answerQuery(request(), 'q', async (hooks) => {
      hooks.onPartial?.(result(1));
      return result(2);
    });
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await res.json()).toMatchObject({ status: 'Complete', rows: [{ n: 0 }, { n: 1 }], elapsedMs: expect.any(Number) });
  });

  it('NDJSON: queue position and partial results as they come, then the final line', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const res = await answerQuery(request(NDJSON), 'q', async ({ onQueued, onPartial }) => {
      onQueued?.({ reason: 'console-queue', position: 2 });
      onPartial?.(result(1));
      await gate;
      return result(3);
    });
    // The response (200, NDJSON) is out before the query has finished.
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    release();
    const got = await lines(res);
    expect(got.map((l) => l.status)).toEqual(['Queued', 'Running', 'Complete']);
    expect(got[0]).toEqual({ status: 'Queued', reason: 'console-queue', position: 2 });
    expect((got[1].rows as unknown[]).length).toBe(1);
    expect((got[2].rows as unknown[]).length).toBe(3);
  });

  it('a query that finishes at once (local mode) sends the final line only', async () => {
    const got = await lines(await answerQuery(request(NDJSON), 'q', async () => result(2)));
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ status: 'Complete', statistics: { recordsMatched: 2 } });
  });

  it('an error before anything was streamed keeps its status and Retry-After', async () => {
    const res = await answerQuery(request(NDJSON), 'q', async () => {
      throw new QueryEngineError('throttled', 'quota in use', undefined, 15);
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('15');
    expect(await res.json()).toMatchObject({ kind: 'throttled', retryAfterSeconds: 15 });
  });

  it('an error after streaming began is the final line, with the status it would have had', async () => {
    const res = await answerQuery(request(NDJSON), 'filter x', async ({ onPartial }) => {
      onPartial?.(result(1));
      throw new QueryEngineError('failed', 'CloudWatch failed it');
    });
    const got = await lines(res);
    expect(got.at(-1)).toEqual({ status: 'Error', httpStatus: 502, error: 'CloudWatch failed it', kind: 'failed' });
  });

  it('the browser going away mid-stream aborts the query', async () => {
    let signal: AbortSignal | undefined;
    const res = await answerQuery(request(NDJSON), 'q', (hooks) => {
      signal = hooks.signal;
      hooks.onPartial?.(result(1));
      return new Promise((_, reject) => hooks.signal?.addEventListener('abort', () => reject(new QueryEngineError('cancelled', 'gone'))));
    });
    const reader = res.body!.getReader();
    await reader.read();
    await reader.cancel();
    expect(signal?.aborted).toBe(true);
  });
});
