// A plain-HTTP receiver on loopback standing in for Slack's incoming webhooks in tests: it keeps
// every message posted to it and can answer from a script (e.g. one 429 with Retry-After).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SlackMessage } from '@/lib/alerts/slack-blocks';

export interface Received {
  at: number;
  path: string;
  message: SlackMessage;
}

export interface SlackReceiver {
  url: (path?: string) => string;
  messages: Received[];
  /** Answers for the next requests, in order; then 200 "ok". */
  script: { status: number; headers?: Record<string, string>; body?: string }[];
  waitFor: (predicate: (all: Received[]) => boolean, timeoutMs?: number, what?: string) => Promise<Received[]>;
  close: () => Promise<void>;
}

export async function startSlackReceiver(): Promise<SlackReceiver> {
  const messages: Received[] = [];
  const script: SlackReceiver['script'] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const answer = script.shift();
      if (answer) return void res.writeHead(answer.status, answer.headers).end(answer.body ?? '');
      try {
        messages.push({ at: Date.now(), path: req.url ?? '/', message: JSON.parse(body) as SlackMessage });
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      } catch {
        res.writeHead(400).end('invalid_payload');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path = '/services/T0/B0/test') => `http://127.0.0.1:${port}${path}`,
    messages,
    script,
    waitFor: async (predicate, timeoutMs = 20_000, what = 'messages') => {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(messages)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; received: ${JSON.stringify(messages.map((m) => m.message.text), null, 1)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return messages;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
