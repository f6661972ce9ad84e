'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { LogEvent } from '@/lib/events';
import { api } from '../api/client';
import { Badge, Button, Input } from '../ui/primitives';
import { LogGroupPicker, type PickedGroup } from './log-group-picker';
import { TailRow } from './tail-row';
import { useTailSocket } from './use-tail-socket';

/** Events kept in the tab; older ones fall off. */
const BUFFER = 5_000;
/** Rows in the DOM: the newest ones. */
const SHOWN = 500;
/** A tab hidden this long stops tailing (the server keeps nothing for it). */
const HIDDEN_STOP_MS = 60_000;

/** Live tail: events the moment they are ingested, filtered on the server, nothing hidden. */
export function TailPage() {
  const sources = useQuery({ queryKey: ['sources'], queryFn: () => api<{ sources: string[] }>('/api/events?limit=1').then((r) => r.sources) });
  const [filter, setFilter] = useState('');
  const [highlightText, setHighlightText] = useState('');
  const [selected, setSelected] = useState<string[]>([]);
  const [groups, setGroups] = useState<PickedGroup[]>([]);
  // In AWS mode, CloudWatch log groups Logline does not ingest can be picked too.
  const awsMode = useQuery({ queryKey: ['tail-mode'], queryFn: () => api<{ mode: string }>('/api/tail/connect').then((r) => r.mode), staleTime: Infinity }).data === 'aws';
  const [shown, setShown] = useState<LogEvent[]>([]);
  const [paused, setPaused] = useState(false);
  const [buffered, setBuffered] = useState(0);
  const [follow, setFollow] = useState(true);
  const [perSecond, setPerSecond] = useState(0);
  const [hiddenStop, setHiddenStop] = useState(false);
  const buffer = useRef<LogEvent[]>([]);
  const arrivals = useRef<number[]>([]);
  const dirty = useRef(false);
  const pausedRef = useRef(false);
  const list = useRef<HTMLDivElement>(null);

  const onEvents = useCallback((events: LogEvent[]) => {
    const now = Date.now();
    for (let i = 0; i < events.length; i++) arrivals.current.push(now);
    buffer.current.push(...events);
    if (buffer.current.length > BUFFER) buffer.current.splice(0, buffer.current.length - BUFFER);
    dirty.current = true;
  }, []);
  const tail = useTailSocket(onEvents);
  const highlight = highlightText.split(',').map((t) => t.trim()).filter(Boolean);

  // Batched rendering: at most one React update per animation frame, however fast events arrive.
  useEffect(() => {
    let frame = 0;
    let pausedAt = 0;
    const loop = () => {
      const now = Date.now();
      arrivals.current = arrivals.current.filter((t) => t > now - 1000);
      if (dirty.current) {
        dirty.current = false;
        if (!pausedRef.current) {
          setShown(buffer.current.slice(-SHOWN));
          pausedAt = buffer.current.length;
        }
        setBuffered(pausedRef.current ? buffer.current.length - pausedAt : 0);
      }
      setPerSecond(arrivals.current.length);
      frame = requestAnimationFrame(loop);
    };
    frame = requestAnimationFrame(loop);
    return () => cancelAnimationFrame(frame);
  }, []);

  useEffect(() => {
    if (follow && list.current) list.current.scrollTop = list.current.scrollHeight;
  }, [shown, follow]);

  const { stop } = tail;
  useEffect(() => {
    let hiddenTimer: ReturnType<typeof setTimeout> | null = null;
    const onVisibility = () => {
      if (document.hidden) hiddenTimer = setTimeout(() => { stop(); setHiddenStop(true); }, HIDDEN_STOP_MS);
      else if (hiddenTimer) clearTimeout(hiddenTimer);
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => document.removeEventListener('visibilitychange', onVisibility);
  }, [stop]);

  function start(e?: FormEvent) {
    e?.preventDefault();
    setHiddenStop(false);
    tail.start({ filter, sources: selected, highlight, logGroups: groups.map((g) => g.arn) });
  }
  function setPause(p: boolean) {
    pausedRef.current = p;
    setPaused(p);
    dirty.current = true;
  }
  function clear() {
    buffer.current = [];
    setShown([]);
    dirty.current = true;
  }
  const running = tail.status === 'live' || tail.status === 'connecting' || tail.status === 'reconnecting';
  const explore = `/explore?${new URLSearchParams({ q: filter.trim() ? `filter ${filter.trim().replace(/^filter\s+/i, '')}` : 'fields @timestamp, @message', last: '15m' })}`;

  return (
    <div className="flex h-full flex-col">
      <form onSubmit={start} className="flex flex-wrap items-center gap-2 border-b border-slate-200 bg-white px-4 py-2" aria-label="Live tail filter">
        <Input aria-label="Filter" placeholder='Filter, e.g. level = "error" and route like /checkout/' value={filter} onChange={(e) => setFilter(e.target.value)} className="max-w-xl min-w-[18rem] flex-1 font-mono" />
        <Input aria-label="Highlight" placeholder="Highlight terms, comma-separated" value={highlightText} onChange={(e) => setHighlightText(e.target.value)} className="w-56" />
        <Button type="submit" variant="primary">{running ? 'Apply' : 'Start'}</Button>
        {running && <Button onClick={() => tail.stop()}>Stop</Button>}
        {running && (paused ? <Button onClick={() => setPause(false)}>Resume</Button> : <Button onClick={() => setPause(true)}>Pause</Button>)}
        <Button variant="ghost" onClick={clear}>Clear</Button>
        <Link href={explore} className="ml-auto text-sm text-indigo-700 hover:underline">Open in Explore (last 15 min)</Link>
      </form>
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 bg-slate-50 px-4 py-1.5 text-xs text-slate-600" role="group" aria-label="Sources">
        <span>Sources</span>
        {(sources.data ?? []).map((s) => (
          <button key={s} type="button" aria-pressed={selected.includes(s)} onClick={() => setSelected((cur) => (cur.includes(s) ? cur.filter((x) => x !== s) : [...cur, s]))}
            className={`rounded-full border px-2 py-0.5 font-mono ${selected.includes(s) ? 'border-indigo-600 bg-indigo-600 text-white' : 'border-slate-300 bg-white text-slate-700'}`}>
            {s}
          </button>
        ))}
        <span className="ml-auto flex items-center gap-2" data-testid="tail-status">
          <Badge tone={tail.status === 'live' ? 'green' : tail.status === 'reconnecting' ? 'amber' : 'slate'}>{tail.status}</Badge>
          <span data-testid="tail-rate">{perSecond.toLocaleString()} events/s</span>
          {tail.stats && tail.stats.sampleEvery > 1 && <Badge tone="amber">sampled 1 in {tail.stats.sampleEvery}</Badge>}
          {tail.stats?.cloudwatchSampled && <Badge tone="amber">sampled by CloudWatch (over 500 events/s)</Badge>}
          {tail.stats && tail.stats.dropped > 0 && <Badge tone="red">dropped {tail.stats.dropped.toLocaleString()}</Badge>}
          {paused && <Badge tone="indigo"><span data-testid="tail-buffered">{buffered}</span>&nbsp;new while paused</Badge>}
        </span>
      </div>
      {awsMode && <LogGroupPicker picked={groups} onChange={setGroups} />}
      {tail.notice && <p className="border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900">{tail.notice}</p>}
      {tail.error && <p role="alert" className="border-b border-red-200 bg-red-50 px-4 py-2 text-sm text-red-800">{tail.error}</p>}
      {hiddenStop && <p className="border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900">Live tail stopped because this tab was hidden for a minute. Press Start to continue.</p>}
      <div ref={list} className="relative min-h-0 flex-1 overflow-auto bg-white" onScroll={(e) => {
        const el = e.currentTarget;
        setFollow(el.scrollHeight - el.scrollTop - el.clientHeight < 40);
      }}>
        {shown.length === 0 ? (
          <p className="p-6 text-sm text-slate-500">
            {running ? 'Waiting for matching events… send some with the ingest API or use the product.' : 'Choose a filter (optional) and press Start. Events appear here the moment they are ingested.'}
          </p>
        ) : (
          shown.map((e, i) => <TailRow key={`${e.ingestionTime}-${e.fingerprint}-${i}`} event={e} highlight={highlight} />)
        )}
      </div>
      {!follow && shown.length > 0 && (
        <button type="button" onClick={() => setFollow(true)} className="absolute right-6 bottom-6 rounded-full bg-indigo-600 px-4 py-2 text-sm text-white shadow-lg hover:bg-indigo-700">
          Jump to latest
        </button>
      )}
    </div>
  );
}
