'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { LogEvent } from '@/lib/events';
import type { TailStats } from '@/server/tail/subscription';

export type { TailStats };

export type TailStatus = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'stopped';

export interface TailSubscription {
  filter: string;
  sources: string[];
  highlight: string[];
}

const MAX_BACKOFF_MS = 15_000;

/**
 * The live-tail connection: subscribes, hands batches to `onEvents`, reconnects with backoff when
 * the connection drops (not when the server refused the filter or the session).
 */
export function useTailSocket(onEvents: (events: LogEvent[]) => void) {
  const [status, setStatus] = useState<TailStatus>('idle');
  const [stats, setStats] = useState<TailStats | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ws = useRef<WebSocket | null>(null);
  const wanted = useRef<TailSubscription | null>(null);
  const attempt = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const onEventsRef = useRef(onEvents);
  onEventsRef.current = onEvents;

  const connect = useCallback(() => {
    const sub = wanted.current;
    if (!sub) return;
    const url = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/ws/tail`;
    const socket = new WebSocket(url);
    ws.current = socket;
    setStatus(attempt.current === 0 ? 'connecting' : 'reconnecting');
    socket.onopen = () => socket.send(JSON.stringify({ type: 'subscribe', ...sub }));
    socket.onmessage = (m) => {
      const msg = JSON.parse(String(m.data)) as { type: string; events?: LogEvent[]; stats?: TailStats; message?: string; line?: number; column?: number };
      if (msg.type === 'subscribed') {
        attempt.current = 0;
        setError(null);
        setStatus('live');
      } else if (msg.type === 'events') {
        onEventsRef.current(msg.events ?? []);
        if (msg.stats) setStats(msg.stats);
      } else if (msg.type === 'error') {
        setError(msg.line ? `${msg.message} (line ${msg.line}, column ${msg.column})` : (msg.message ?? 'error'));
        if (wanted.current) setStatus('stopped');
      }
    };
    socket.onclose = (e) => {
      if (ws.current !== socket) return;
      ws.current = null;
      if (!wanted.current) return setStatus('stopped');
      if (e.code === 4401 || e.code === 1008) {
        setError(e.reason || 'The server closed the connection; sign in again.');
        return setStatus('stopped');
      }
      const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempt.current++);
      setStatus('reconnecting');
      timer.current = setTimeout(connect, delay);
    };
  }, []);

  const start = useCallback(
    (sub: TailSubscription) => {
      wanted.current = sub;
      attempt.current = 0;
      setStats(null);
      const socket = ws.current;
      if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'subscribe', ...sub }));
      else if (!socket) connect();
    },
    [connect],
  );

  const stop = useCallback(() => {
    wanted.current = null;
    if (timer.current) clearTimeout(timer.current);
    const socket = ws.current;
    ws.current = null;
    socket?.close(1000, 'stopped');
    setStatus('stopped');
  }, []);

  useEffect(() => () => stop(), [stop]);
  return { status, stats, error, start, stop };
}
