import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/**
 * An answer the proxy gives instead of forwarding (429/503 with Retry-After, a 413…), or
 * `holdMs`: forward the request at once but hold the real answer that long (a slow network).
 */
export type PlannedAnswer =
  | {
      status: number;
      headers?: Record<string, string>;
      body?: unknown;
    }
  | { holdMs: number };

/** One POST the proxy saw: when, what it carried, and what it answered. */
export interface SeenRequest {
  at: number;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The body's NDJSON lines, decompressed. */
  lines: string[];
  status: number;
}

export interface IngestProxy {
  url: string;
  /** Answers for the next POSTs, in order; after them every request is forwarded. */
  plan: (...answers: PlannedAnswer[]) => void;
  seen: SeenRequest[];
  stop: () => Promise<void>;
}

const CORS = { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'retry-after' };

/**
 * A loopback receiver in front of a real Logline: it answers the planned statuses (the way the
 * real server answers when its queue is full), then forwards every request to `upstream`
 * unchanged and passes the real answer back. Every POST is recorded. `page` is served at `/`
 * and files from `files` by path, so a browser test can load the SDK from the same origin.
 */
export async function startIngestProxy(upstream: string, options: { page?: string; files?: Record<string, string> } = {}): Promise<IngestProxy> {
  const planned: PlannedAnswer[] = [];
  const seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://proxy');
        if (req.method === 'GET' && url.pathname === '/' && options.page !== undefined) {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(options.page);
          return;
        }
        if (req.method === 'GET' && options.files?.[url.pathname] !== undefined) {
          res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(options.files[url.pathname]);
          return;
        }
        const body = Buffer.concat(chunks);
        const next = req.method === 'POST' ? planned.shift() : undefined;
        const hold = next && 'holdMs' in next ? next.holdMs : 0;
        const answer = next && 'status' in next ? next : undefined;
        let status: number;
        if (answer) {
          status = answer.status;
          res.writeHead(status, { 'content-type': 'application/json', ...CORS, ...answer.headers }).end(JSON.stringify(answer.body ?? { error: `planned ${status}` }));
        } else {
          const headers = new Headers();
          for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && !['host', 'connection', 'content-length'].includes(k)) headers.set(k, v);
          const forwarded = await fetch(`${upstream}${url.pathname}${url.search}`, { method: req.method, headers, body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body });
          status = forwarded.status;
          const out: Record<string, string> = {};
          forwarded.headers.forEach((v, k) => {
            if (!['content-encoding', 'content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(k)) out[k] = v;
          });
          const answered = Buffer.from(await forwarded.arrayBuffer());
          if (hold > 0) await new Promise((r) => setTimeout(r, hold));
          if (!res.destroyed) res.writeHead(status, out).end(answered);
        }
        if (req.method === 'POST') {
          const raw = req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
          seen.push({ at: Date.now(), path: `${url.pathname}${url.search}`, headers: req.headers, lines: raw.toString('utf8').split('\n').filter((l) => l.trim() !== ''), status });
        }
      })().catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(502).end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    plan: (...answers) => planned.push(...answers),
    seen,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
