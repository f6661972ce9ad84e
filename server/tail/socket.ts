import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { hasRole } from '../auth/roles';
import type { Services } from '../registry';
import { authenticateUpgrade } from './auth';
import type { FilterCompiler } from './filter';
import type { TailHub, TailTransport } from './hub';
import type { CloudWatchTailBridge } from './cloudwatch-bridge';
import { startCloudWatchTail } from './live-tail-plan';
import { CLOSE, MAX_INVALID_MESSAGES, parseClientMessage, subscribedReply } from './protocol';
import type { Subscription } from './subscription';

export const TAIL_PATH = '/ws/tail';

export type { FilterCompiler } from './filter';

const HEARTBEAT_MS = 15_000;
/** Past this much unsent data on a socket, the client counts as slow and its queue absorbs (and drops). */
const SLOW_BUFFER_BYTES = 1024 * 1024;

/**
 * The live-tail endpoint: `/ws/tail` on the console's port. The session is checked on the upgrade
 * (developer role or above), messages are zod-validated, and dead peers are found by heartbeat.
 * In AWS mode a subscription may name CloudWatch log groups instead: the bridge tails them.
 */
export function createTailSocket(services: Services, hub: TailHub, compile: FilterCompiler, bridge: CloudWatchTailBridge | null = null) {
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
    /** Ends the CloudWatch Live Tail session of this socket, if any: it is billed per minute. */
    let stopSession: (() => void) | null = null;
    let invalid = 0;
    const send = (msg: unknown) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(msg));
    const stop = () => {
      stopSession?.();
      stopSession = null;
      if (sub) hub.unsubscribe(sub.id);
      sub = null;
    };
    const transport: TailTransport = { ready: () => ws.readyState === ws.OPEN && ws.bufferedAmount < SLOW_BUFFER_BYTES, send: (batch) => send({ type: 'events', ...batch }) };
    ws.on('close', stop);
    ws.on('error', stop);
    ws.on('message', (data, isBinary) => {
      const parsed = parseClientMessage(isBinary ? undefined : data.toString());
      if (!parsed.ok) {
        send({ type: 'error', message: parsed.error });
        if (++invalid > MAX_INVALID_MESSAGES) ws.close(CLOSE.policy, 'too many invalid messages');
        return;
      }
      const msg = parsed.message;
      if (msg.type === 'ping') return;
      if (msg.type === 'unsubscribe') {
        stop();
        send({ type: 'unsubscribed' });
        return;
      }
      if (msg.logGroups.length > 0) {
        const started = startCloudWatchTail(msg, {
          hub, bridge, logGroupPrefix: services.config.aws.logGroupPrefix, transport,
          notice: (message) => send({ type: 'notice', message }),
          failed: (message) => send({ type: 'error', message }),
        });
        if (!started.ok) return send({ type: 'error', ...started.error });
        stop();
        sub = started.sub;
        stopSession = started.stop;
        send(subscribedReply(started.sub.id, msg));
        return;
      }
      const compiled = compile(msg.filter);
      if (!compiled.ok) {
        send({ type: 'error', message: compiled.message, line: compiled.line, column: compiled.column });
        return;
      }
      stop();
      sub = hub.subscribe({ sources: msg.sources, predicate: compiled.predicate, maxRate: msg.maxRate, queueLimit: msg.buffer }, transport);
      send(subscribedReply(sub.id, msg));
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
