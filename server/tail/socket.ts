import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { LogEvent } from '@/lib/events';
import { hasRole } from '../auth/roles';
import type { Services } from '../registry';
import { authenticateUpgrade } from './auth';
import type { TailHub } from './hub';
import { clientMessage, CLOSE } from './protocol';
import type { Subscription } from './subscription';

export const TAIL_PATH = '/ws/tail';

/** Compiles a filter to a predicate, or says where it is wrong. */
export type FilterCompiler = (filter: string) => { ok: true; predicate: ((e: LogEvent) => boolean) | null } | { ok: false; message: string; line?: number; column?: number };

const HEARTBEAT_MS = 15_000;
/** Past this much unsent data on a socket, the client counts as slow and its queue absorbs (and drops). */
const SLOW_BUFFER_BYTES = 1024 * 1024;
const MAX_INVALID_MESSAGES = 20;

/**
 * The live-tail endpoint: `/ws/tail` on the console's port. The session is checked on the upgrade
 * (developer role or above), messages are zod-validated, and dead peers are found by heartbeat.
 */
export function createTailSocket(services: Services, hub: TailHub, compile: FilterCompiler) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const alive = new WeakMap<WebSocket, boolean>();

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  async function handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const user = await authenticateUpgrade(req, services).catch(() => null);
    const refuse = (status: number, message: string) => {
      socket.end(`HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : 'Forbidden'}\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n${JSON.stringify({ error: message })}`);
    };
    if (!user) return refuse(401, 'Sign in first (or send a personal token as "Authorization: Bearer lt_…").');
    if (!hasRole(user.role, 'developer')) return refuse(403, `Live tail needs the developer role; you are ${user.role}.`);
    wss.handleUpgrade(req, socket, head, (ws) => connection(ws));
  }

  function connection(ws: WebSocket): void {
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    let sub: Subscription | null = null;
    let invalid = 0;
    const send = (msg: unknown) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(msg));
    const stop = () => {
      if (sub) hub.unsubscribe(sub.id);
      sub = null;
    };
    ws.on('close', stop);
    ws.on('error', stop);
    ws.on('message', (data, isBinary) => {
      let parsed: ReturnType<typeof clientMessage.safeParse>;
      try {
        parsed = clientMessage.safeParse(isBinary ? undefined : JSON.parse(data.toString()));
      } catch {
        parsed = clientMessage.safeParse(undefined);
      }
      if (!parsed.success) {
        send({ type: 'error', message: `invalid message: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ')}. Send {"type":"subscribe","filter":"…"}.` });
        if (++invalid > MAX_INVALID_MESSAGES) ws.close(CLOSE.policy, 'too many invalid messages');
        return;
      }
      const msg = parsed.data;
      if (msg.type === 'unsubscribe') {
        stop();
        send({ type: 'unsubscribed' });
        return;
      }
      const compiled = compile(msg.filter);
      if (!compiled.ok) {
        send({ type: 'error', message: compiled.message, line: compiled.line, column: compiled.column });
        return;
      }
      stop();
      sub = hub.subscribe(
        { sources: msg.sources, predicate: compiled.predicate, maxRate: msg.maxRate, queueLimit: msg.buffer },
        { ready: () => ws.readyState === ws.OPEN && ws.bufferedAmount < SLOW_BUFFER_BYTES, send: (batch) => send({ type: 'events', ...batch }) },
      );
      send({ type: 'subscribed', id: sub.id, sources: msg.sources, filter: msg.filter, highlight: msg.highlight, maxRate: msg.maxRate });
    });
  }

  return {
    handleUpgrade,
    close: () => {
      clearInterval(heartbeat);
      for (const ws of wss.clients) ws.close(CLOSE.shuttingDown, 'server shutting down');
      wss.close();
    },
  };
}
