import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Entries whose body contains `match` fail while they belong to the first request that had one. */
interface RefusalRule {
  match: string;
  /** The envelope `receivedAt` of that request: the edge's retries resend the same envelopes, a new request makes new ones. */
  receivedAt?: number;
}

export interface AwsProxy {
  /** Give this to the Logline process as LOGLINE_AWS_ENDPOINT. */
  endpoint: string;
  /** The API call of every request seen, as `x-amz-target` names it (`Logs_20140328.StartQuery`, `AmazonSQS.SendMessageBatch`). */
  calls: string[];
  /**
   * SQS fails (retryably: SenderFault false) every entry whose body contains `match` and that comes
   * from the first ingest request holding one, on every attempt; later requests' entries pass.
   */
  refuse: (match: string) => void;
  /** Entries refused so far. */
  refused: () => number;
  stop: () => Promise<void>;
}

/**
 * A loopback stand-in for an AWS endpoint in front of moto_server: every request is forwarded
 * unchanged and its API call recorded, except that SendMessageBatch can be made to fail some
 * entries the way SQS does under trouble (a 200 answer with `Failed` entries). moto never fails one
 * entry of a batch, and a real-server test cannot reach the SDK's middleware inside the process.
 */
export async function startAwsProxy(upstream: string): Promise<AwsProxy> {
  const calls: string[] = [];
  const rules: RefusalRule[] = [];
  let refusedCount = 0;

  const forward = async (req: http.IncomingMessage, body: Buffer): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> => {
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && !['host', 'connection', 'content-length'].includes(k)) headers.set(k, v);
    const res = await fetch(`${upstream}${req.url ?? '/'}`, { method: req.method, headers, body: req.method === 'GET' || req.method === 'HEAD' ? undefined : new Uint8Array(body) });
    const out: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      if (!['content-encoding', 'content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(k)) out[k] = v;
    });
    return { status: res.status, headers: out, body: Buffer.from(await res.arrayBuffer()) };
  };

  const sendMessageBatch = async (req: http.IncomingMessage, body: Buffer) => {
    const input = JSON.parse(body.toString('utf8')) as { QueueUrl: string; Entries: { Id: string; MessageBody: string }[] };
    const refused = new Set<string>();
    for (const rule of rules) {
      for (const e of input.Entries) {
        if (!e.MessageBody.includes(rule.match)) continue;
        const { receivedAt } = JSON.parse(e.MessageBody) as { receivedAt?: number };
        rule.receivedAt ??= receivedAt;
        if (receivedAt === rule.receivedAt) refused.add(e.Id);
      }
    }
    if (refused.size === 0) return forward(req, body);
    refusedCount += refused.size;
    const rest = input.Entries.filter((e) => !refused.has(e.Id));
    const answer = rest.length > 0 ? await forward(req, Buffer.from(JSON.stringify({ ...input, Entries: rest }))) : null;
    const doc = (answer ? JSON.parse(answer.body.toString('utf8')) : { Successful: [] }) as { Successful?: unknown[]; Failed?: unknown[] };
    doc.Failed = [...(doc.Failed ?? []), ...[...refused].map((Id) => ({ Id, SenderFault: false, Code: 'ServiceUnavailable', Message: 'injected by the test' }))];
    return { status: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: Buffer.from(JSON.stringify(doc)) };
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const target = String(req.headers['x-amz-target'] ?? `${req.method} ${req.url}`);
        calls.push(target);
        const answer = target === 'AmazonSQS.SendMessageBatch' ? await sendMessageBatch(req, body) : await forward(req, body);
        res.writeHead(answer.status, answer.headers).end(answer.body);
      })().catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(502).end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    refuse: (match) => rules.push({ match }),
    refused: () => refusedCount,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
