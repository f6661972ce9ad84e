// The answer to a query request. Plain JSON by default (the CLI, scripts, saved-query runs).
// With `Accept: application/x-ndjson` the answer is a stream of JSON lines: `{status: "Queued", …}`
// while the query waits for a slot, `{status: "Running", fields, rows, statistics}` with the
// results so far, then one final line, `{status: "Complete", …}` or `{status: "Error", httpStatus,
// error, …}`. Local queries finish at once, so they send the final line only. An error before
// anything was streamed keeps its HTTP status (400 with the position, 429 with Retry-After…).
import type { QueryOptions, QueryResult } from '@/server/store/query-result';
import { engineErrorAnswer, engineErrorResponse } from './http';

export const NDJSON = 'application/x-ndjson';

export function wantsNdjson(req: Request): boolean {
  return (req.headers.get('accept') ?? '').toLowerCase().includes(NDJSON);
}

type Run = (hooks: Pick<QueryOptions, 'signal' | 'onPartial' | 'onQueued'>) => Promise<QueryResult>;

const encoder = new TextEncoder();

function lineStream(onCancel: () => void) {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  const stream = new ReadableStream<Uint8Array>({
    start: (c) => {
      controller = c;
    },
    // The browser went away (a cancel, a closed tab): the query is stopped.
    cancel: () => {
      closed = true;
      onCancel();
    },
  });
  return {
    stream,
    write: (line: unknown) => {
      if (!closed) controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
    },
    end: () => {
      if (closed) return;
      closed = true;
      controller.close();
    },
  };
}

/** Runs the query and answers as the client asked (see above). `text` is the query as typed, for error positions. */
export async function answerQuery(req: Request, text: string, run: Run): Promise<Response> {
  const started = performance.now();
  const elapsedMs = () => Math.round(performance.now() - started);
  if (!wantsNdjson(req)) {
    try {
      const result = await run({ signal: req.signal });
      return Response.json({ status: 'Complete', ...result, elapsedMs: elapsedMs() });
    } catch (error) {
      return engineErrorResponse(error, text);
    }
  }

  const abort = new AbortController();
  const onAbort = () => abort.abort();
  req.signal.addEventListener('abort', onAbort, { once: true });
  const out = lineStream(onAbort);
  let streaming = false;
  return new Promise<Response>((resolve, reject) => {
    const begin = () => {
      if (streaming) return;
      streaming = true;
      resolve(new Response(out.stream, { headers: { 'content-type': `${NDJSON}; charset=utf-8`, 'cache-control': 'no-store', 'x-accel-buffering': 'no' } }));
    };
    const progress = (line: Record<string, unknown>) => {
      begin();
      out.write(line);
    };
    run({
      signal: abort.signal,
      onQueued: (wait) => progress({ status: 'Queued', ...wait }),
      onPartial: (result) => progress({ status: 'Running', ...result, elapsedMs: elapsedMs() }),
    })
      .then((result) => {
        begin();
        out.write({ status: 'Complete', ...result, elapsedMs: elapsedMs() });
        out.end();
      })
      .catch((error: unknown) => {
        if (!streaming) {
          try {
            resolve(engineErrorResponse(error, text));
          } catch (unknown) {
            reject(unknown);
          }
          return;
        }
        let answer: { status: number; body: Record<string, unknown> };
        try {
          answer = engineErrorAnswer(error, text);
        } catch {
          console.error('POST /api/query failed while streaming', error);
          answer = { status: 500, body: { error: 'Something went wrong on the server; try again, and check the server log if it persists.' } };
        }
        out.write({ status: 'Error', httpStatus: answer.status, ...answer.body });
        out.end();
      })
      .finally(() => req.signal.removeEventListener('abort', onAbort));
  });
}
