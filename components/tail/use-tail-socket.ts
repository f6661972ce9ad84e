'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { LogEvent } from '@/lib/events';
import { type ConnectInfo, connectRefusal, consoleSocketUrl, targetFromConnectInfo } from '@/lib/tail/connect';
import { type SocketLike, TailConnection, type TailStatus, type TailTarget } from '@/lib/tail/connection';
import { combinedStats, type TailStats } from '@/lib/tail/stats';

export type { TailStats, TailStatus };

export interface TailSubscription {
  filter: string;
  /** Logline sources (empty = all). */
  sources: string[];
  highlight: string[];
  /** AWS mode: CloudWatch log group ARNs, tailed through the console with StartLiveTail. */
  logGroups?: string[];
}

type Feed = 'logline' | 'cloudwatch';

/** Logline's own sources: the console's /ws/tail locally, API Gateway with a fresh token in AWS mode. */
async function resolveLogline(): Promise<TailTarget> {
  const res = await fetch('/api/tail/connect', { cache: 'no-store' });
  const body = (await res.json().catch(() => ({}))) as ConnectInfo & { error?: string };
  if (!res.ok) return connectRefusal(res.status, body.error);
  return targetFromConnectInfo(body, window.location);
}

async function resolveConsole(): Promise<TailTarget> {
  return { url: consoleSocketUrl('/ws/tail', window.location), apiGateway: false };
}

/** The browser's WebSocket behind the small interface lib/tail/connection uses. */
function browserSocket(url: string): SocketLike {
  const ws = new WebSocket(url);
  const socket: SocketLike = {
    send: (data) => ws.readyState === WebSocket.OPEN && ws.send(data),
    close: (code, reason) => ws.close(code, reason),
    onopen: null,
    onmessage: null,
    onclose: null,
  };
  ws.onopen = () => socket.onopen?.();
  ws.onmessage = (m) => socket.onmessage?.(m);
  ws.onclose = (e) => socket.onclose?.(e);
  return socket;
}

/** Worst first: what the page shows for its feeds together. */
const STATUS_ORDER: TailStatus[] = ['reconnecting', 'connecting', 'live', 'stopped', 'idle'];

/**
 * Live tail for the page: one connection per feed (lib/tail/connection), each reconnecting with
 * backoff. Locally that is one socket; in AWS mode Logline's sources come through API Gateway and
 * picked CloudWatch log groups through the console, and the page shows their events and counters together.
 */
export function useTailSocket(onEvents: (events: LogEvent[]) => void) {
  const [statuses, setStatuses] = useState<Partial<Record<Feed, TailStatus>>>({});
  const [stats, setStats] = useState<Partial<Record<Feed, TailStats | null>>>({});
  const [errors, setErrors] = useState<Partial<Record<Feed, string | null>>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const feeds = useRef<Partial<Record<Feed, TailConnection>>>({});
  const onEventsRef = useRef(onEvents);
  onEventsRef.current = onEvents;

  const feed = useCallback((name: Feed): TailConnection => {
    const existing = feeds.current[name];
    if (existing) return existing;
    const connection = new TailConnection(name === 'logline' ? resolveLogline : resolveConsole, browserSocket, {
      status: (s) => setStatuses((cur) => ({ ...cur, [name]: s })),
      events: (events, s) => {
        onEventsRef.current(events);
        setStats((cur) => ({ ...cur, [name]: s }));
        if (name === 'cloudwatch') setNotice(null);
      },
      error: (m) => setErrors((cur) => ({ ...cur, [name]: m })),
      notice: setNotice,
    });
    feeds.current[name] = connection;
    return connection;
  }, []);

  const stopFeed = useCallback((name: Feed) => {
    feeds.current[name]?.stop();
    delete feeds.current[name];
    setStatuses((cur) => ({ ...cur, [name]: undefined }));
    setStats((cur) => ({ ...cur, [name]: null }));
    setErrors((cur) => ({ ...cur, [name]: null }));
  }, []);

  const start = useCallback(
    (sub: TailSubscription) => {
      const groups = sub.logGroups ?? [];
      setNotice(null);
      if (groups.length > 0) feed('cloudwatch').start({ filter: sub.filter, highlight: sub.highlight, logGroups: groups });
      else stopFeed('cloudwatch');
      // With only CloudWatch groups picked, Logline's sources are not tailed.
      if (groups.length === 0 || sub.sources.length > 0) feed('logline').start({ filter: sub.filter, sources: sub.sources, highlight: sub.highlight });
      else stopFeed('logline');
    },
    [feed, stopFeed],
  );

  const stop = useCallback(() => {
    for (const name of Object.keys(feeds.current) as Feed[]) feeds.current[name]?.stop();
    feeds.current = {};
    setStatuses((cur) => Object.fromEntries(Object.keys(cur).map((k) => [k, 'stopped'])));
  }, []);

  useEffect(() => () => stop(), [stop]);
  const present = Object.values(statuses).filter((s): s is TailStatus => s !== undefined);
  const status = present.length === 0 ? 'idle' : STATUS_ORDER.find((s) => present.includes(s))!;
  const error = Object.values(errors).find((e) => e) ?? null;
  return { status, stats: combinedStats(Object.values(stats).map((s) => s ?? null)), error, notice, start, stop };
}
