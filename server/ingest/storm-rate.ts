// The storm guard's rate logic, pure (the clock is an argument): it counts events per source +
// fingerprint in one-second windows, and once a key sends more than its threshold in a second,
// keeps 1 in N of its events until the key has been calm for a while. Kept events record how
// many they stand for, per request exactly, so `stats sum(logline.represents)` gives back the
// true count. Memory is bounded by `maxKeys` tracked keys.
import { randomUUID } from 'node:crypto';
import type { LogEvent } from '@/lib/events';

export interface StormSettings {
  /** Events per second of one source + fingerprint above which it is a storm; 0 turns the guard off. */
  threshold: number;
  /** Per-source thresholds (`web: 200`); 0 turns the guard off for that source. */
  perSource: Readonly<Record<string, number>>;
  /** About how many events a second a storming key still keeps (N = rate / this). */
  keepPerSecond: number;
  /** A storm ends once its key has stayed at or below the threshold this long. */
  endAfterMs: number;
  /** Keys (source + fingerprint) tracked at once. */
  maxKeys: number;
}

export const DEFAULT_STORM_SETTINGS: StormSettings = { threshold: 1000, perSource: {}, keepPerSecond: 10, endAfterMs: 5000, maxKeys: 20_000 };

/** Fields the guard writes on every event it keeps for a storm. */
export const REPRESENTS_FIELD = 'logline.represents';
export const STORM_FIELD = 'logline.storm';

export type ClientField = 'session.id' | 'user.id' | '@logStream';

export interface Storm {
  id: string;
  source: string;
  fingerprint: string;
  title: string;
  level: string;
  startedAt: number;
  endedAt: number | null;
  /** Events in the busiest second. */
  peakRate: number;
  /** Events in the last full second (or so far in this one, when more). */
  rate: number;
  /** The current N of "1 in N". */
  sampleEvery: number;
  kept: number;
  dropped: number;
  /** Sampled events per client (`session.id`, else `user.id`, else `@logStream`), at most MAX_CLIENTS. */
  clients: Map<string, number>;
  otherClients: number;
}

interface KeyState {
  storm: Storm | null;
  windowStart: number;
  count: number;
  prev: number;
  calmSince: number | null;
  lastSeen: number;
}

const WINDOW_MS = 1000;
const MAX_CLIENTS = 16;

export class StormDetector {
  private readonly keys = new Map<string, KeyState>();
  private started: Storm[] = [];
  /** Since the process started. */
  readonly totals = { storms: 0, sampledOut: 0, keptForStorms: 0, untrackedEvents: 0 };

  constructor(
    readonly settings: StormSettings,
    private readonly newId: () => string = randomUUID,
  ) {}

  thresholdFor(source: string): number {
    return Object.hasOwn(this.settings.perSource, source) ? this.settings.perSource[source] : this.settings.threshold;
  }

  get trackedKeys(): number {
    return this.keys.size;
  }

  /** The events to store, in order; sampled-out events are left out and counted. */
  admit(events: LogEvent[], now: number): LogEvent[] {
    const byKey = new Map<string, number[]>();
    for (let i = 0; i < events.length; i++) {
      const k = `${events[i].log}\u0000${events[i].fingerprint}`;
      const list = byKey.get(k);
      if (list) list.push(i);
      else byKey.set(k, [i]);
    }
    let dropped: Uint8Array | null = null;
    for (const [key, indices] of byKey) {
      const first = events[indices[0]];
      const threshold = this.thresholdFor(first.log);
      if (threshold <= 0) continue;
      let s = this.keys.get(key);
      if (!s) {
        if (this.keys.size >= this.settings.maxKeys) {
          this.totals.untrackedEvents += indices.length;
          continue;
        }
        s = { storm: null, windowStart: now - (now % WINDOW_MS), count: 0, prev: 0, calmSince: null, lastSeen: now };
        this.keys.set(key, s);
      }
      this.roll(s, now, threshold);
      const before = s.count;
      s.count += indices.length;
      s.lastSeen = now;
      let sampled = indices;
      if (!s.storm) {
        if (s.count <= threshold) continue;
        s.storm = this.start(first, now);
        // What fitted under the threshold this second is kept as usual.
        sampled = indices.slice(Math.max(0, threshold - before));
      }
      if (s.count > threshold) s.calmSince = null;
      dropped ??= new Uint8Array(events.length);
      this.sample(s.storm, events, sampled, Math.max(s.prev, s.count), dropped);
    }
    if (!dropped) return events;
    const marks = dropped;
    return events.filter((_, i) => marks[i] === 0);
  }

  /** Storms that started since the last call. */
  drainStarted(): Storm[] {
    const out = this.started;
    this.started = [];
    return out;
  }

  active(): Storm[] {
    return [...this.keys.values()].flatMap((s) => (s.storm ? [s.storm] : []));
  }

  /** Ends storms that have been calm for `endAfterMs` and forgets idle keys; returns the ended storms. */
  sweep(now: number): Storm[] {
    const ended: Storm[] = [];
    for (const [key, s] of this.keys) {
      const threshold = this.thresholdFor(s.storm?.source ?? key.slice(0, key.indexOf('\u0000')));
      this.roll(s, now, threshold);
      if (s.storm && s.calmSince !== null && now - s.calmSince >= this.settings.endAfterMs) {
        s.storm.endedAt = now;
        s.storm.rate = 0;
        ended.push(s.storm);
        s.storm = null;
      }
      if (!s.storm && now - s.lastSeen > 2 * WINDOW_MS) this.keys.delete(key);
    }
    return ended;
  }

  /** Ends every storm now (shutdown). */
  endAll(now: number): Storm[] {
    const ended = this.active();
    for (const s of this.keys.values()) s.storm = null;
    for (const storm of ended) storm.endedAt = now;
    return ended;
  }

  private start(first: LogEvent, now: number): Storm {
    const summary = [first.fields.message, first.fields['error.message']].find((v) => typeof v === 'string') as string | undefined;
    const storm: Storm = {
      id: this.newId(),
      source: first.log,
      fingerprint: first.fingerprint,
      title: (summary ?? first.message).split('\n')[0].slice(0, 200),
      level: typeof first.fields.level === 'string' ? first.fields.level : '',
      startedAt: now,
      endedAt: null,
      peakRate: 0,
      rate: 0,
      sampleEvery: 1,
      kept: 0,
      dropped: 0,
      clients: new Map(),
      otherClients: 0,
    };
    this.totals.storms++;
    this.started.push(storm);
    return storm;
  }

  /**
   * Keeps every Nth event of the request and the last one, each recording how many events it
   * stands for: the kept events of one request always add up to what it sent.
   */
  private sample(storm: Storm, events: LogEvent[], indices: number[], rate: number, dropped: Uint8Array): void {
    const n = Math.max(2, Math.ceil(rate / this.settings.keepPerSecond));
    storm.sampleEvery = n;
    storm.rate = Math.max(storm.rate, rate);
    storm.peakRate = Math.max(storm.peakRate, rate);
    for (const i of indices) {
      dropped[i] = 1;
      this.noteClient(storm, events[i]);
    }
    const keep = (i: number, represents: number) => {
      dropped[i] = 0;
      events[i].fields[REPRESENTS_FIELD] = represents;
      events[i].fields[STORM_FIELD] = storm.id;
    };
    const full = Math.floor(indices.length / n);
    for (let j = 1; j <= full; j++) keep(indices[j * n - 1], n);
    const rest = indices.length - full * n;
    if (rest > 0) keep(indices[indices.length - 1], rest);
    const kept = full + (rest > 0 ? 1 : 0);
    storm.kept += kept;
    storm.dropped += indices.length - kept;
    this.totals.keptForStorms += kept;
    this.totals.sampledOut += indices.length - kept;
  }

  private noteClient(storm: Storm, e: LogEvent): void {
    const session = e.fields['session.id'];
    const user = e.fields['user.id'];
    const key = typeof session === 'string' ? `session.id\u0000${session}` : typeof user === 'string' ? `user.id\u0000${user}` : `@logStream\u0000${e.logStream}`;
    const n = storm.clients.get(key);
    if (n !== undefined) storm.clients.set(key, n + 1);
    else if (storm.clients.size < MAX_CLIENTS) storm.clients.set(key, 1);
    else storm.otherClients++;
  }

  /** Moves the key's window to `now`; a storm's calm period starts with its first calm second. */
  private roll(s: KeyState, now: number, threshold: number): void {
    const w = now - (now % WINDOW_MS);
    if (w === s.windowStart) return;
    const completed = s.count;
    s.prev = w - s.windowStart === WINDOW_MS ? completed : 0;
    if (s.storm) {
      s.storm.peakRate = Math.max(s.storm.peakRate, completed);
      s.storm.rate = s.prev;
      if (completed > threshold) s.calmSince = w - s.windowStart === WINDOW_MS ? null : s.windowStart + WINDOW_MS;
      else s.calmSince ??= s.windowStart;
    }
    s.count = 0;
    s.windowStart = w;
  }
}

/** The client that sent most of a storm, with its share of the sampled events. */
export function topClient(storm: Storm): { field: ClientField; value: string; share: number } | null {
  let best: [string, number] | null = null;
  let total = storm.otherClients;
  for (const entry of storm.clients) {
    total += entry[1];
    if (!best || entry[1] > best[1]) best = entry;
  }
  if (!best || total === 0) return null;
  const [field, value] = best[0].split('\u0000');
  return { field: field as ClientField, value, share: best[1] / total };
}

/** `web:200,api:1000` → { web: 200, api: 1000 }; throws with the bad entry named. */
export function parseSourceThresholds(text: string): Record<string, number> {
  const out: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([\w.\-/]+)\s*[:=]\s*(\d+)$/.exec(part);
    if (!m) throw new Error(`"${part}" is not source:events-per-second (e.g. web:200)`);
    out[m[1]] = Number(m[2]);
  }
  return out;
}
