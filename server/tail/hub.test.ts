import { afterEach, describe, expect, it, vi } from 'vitest';
import { toLogEvent, type LogEvent } from '@/lib/events';
import { TailHub, type TailTransport } from './hub';
import type { TailStats } from './subscription';

function event(i: number, source = 'api', level = 'info'): LogEvent {
  const r = toLogEvent({ level, message: `event ${i}`, n: i }, { source, receivedAt: 1_700_000_000_000 + i });
  if (!r.ok) throw new Error(r.error);
  return r.event;
}

class Collector implements TailTransport {
  events: LogEvent[] = [];
  last: TailStats | null = null;
  constructor(public isReady = true) {}
  ready() {
    return this.isReady;
  }
  send(batch: { events: LogEvent[]; stats: TailStats }) {
    this.events.push(...batch.events);
    this.last = batch.stats;
  }
}

const opts = { sources: [] as string[], predicate: null, maxRate: 100_000, queueLimit: 1000 };
let hub: TailHub;
afterEach(() => {
  vi.useRealTimers();
});

describe('TailHub', () => {
  it('delivers only what matches the sources and the filter', () => {
    hub = new TailHub(1_000_000);
    const errorsFromApi = new Collector();
    hub.subscribe({ ...opts, sources: ['api'], predicate: (e) => e.fields.level === 'error' }, errorsFromApi);
    hub.publish([event(1, 'api', 'error'), event(2, 'web', 'error'), event(3, 'api', 'info'), event(4, 'api', 'error')]);
    hub.flush();
    expect(errorsFromApi.events.map((e) => e.fields.n)).toEqual([1, 4]);
  });

  it('a slow client loses its oldest events, counted; a fast one receives everything; publish never waits', () => {
    hub = new TailHub(1_000_000, 100_000);
    const fast = new Collector(true);
    const slow = new Collector(false);
    hub.subscribe(opts, fast);
    const slowSub = hub.subscribe({ ...opts, queueLimit: 100 }, slow);
    const events = Array.from({ length: 5000 }, (_, i) => event(i));
    for (let i = 0; i < events.length; i += 500) {
      hub.publish(events.slice(i, i + 500));
      hub.flush();
    }
    expect(fast.events).toHaveLength(5000);
    expect(slow.events).toHaveLength(0);
    expect(slowSub.stats.dropped).toBe(4900);
    slow.isReady = true;
    hub.flush();
    // What remains is the newest 100, in order.
    expect(slow.events.map((e) => e.fields.n)).toEqual(Array.from({ length: 100 }, (_, i) => 4900 + i));
    expect(slow.last).toMatchObject({ dropped: 4900, matched: 5000 });
  });

  it('samples above the rate limit and says how', () => {
    vi.useFakeTimers();
    vi.setSystemTime(1_700_000_000_000);
    hub = new TailHub(1_000_000, 100_000);
    const client = new Collector();
    const sub = hub.subscribe({ ...opts, maxRate: 500 }, client);
    let n = 0;
    // Three seconds at 2 000 events/s.
    for (let second = 0; second < 3; second++) {
      for (let tick = 0; tick < 20; tick++) {
        hub.publish(Array.from({ length: 100 }, () => event(n++)));
        vi.advanceTimersByTime(50);
      }
      hub.flush();
    }
    const s = sub.stats;
    expect(s.matched).toBe(6000);
    expect(s.rate).toBe(2000);
    expect(s.sampleEvery).toBe(4);
    expect(client.events.length + s.sampledOut + s.dropped + sub.size()).toBe(s.matched);
    // After the first second, one in four is kept.
    expect(client.events.length).toBeGreaterThan(1400);
    expect(client.events.length).toBeLessThan(2600);
  });

  it('a filter that throws drops the event, not the hub', () => {
    hub = new TailHub(1_000_000);
    const client = new Collector();
    hub.subscribe({ ...opts, predicate: () => { throw new Error('boom'); } }, client);
    expect(() => hub.publish([event(1)])).not.toThrow();
    hub.flush();
    expect(client.events).toHaveLength(0);
  });

  it('leaves subscriptions fed from elsewhere (CloudWatch Live Tail) out of ingested events', () => {
    hub = new TailHub(1_000_000);
    const pipeline = new Collector();
    const external = new Collector();
    hub.subscribe(opts, pipeline);
    const bridged = hub.subscribe(opts, external, 'external');
    hub.publish([event(1)]);
    bridged.offer(event(2, '/aws/lambda/checkout'), Date.now());
    hub.flush();
    expect(pipeline.events.map((e) => e.fields.n)).toEqual([1]);
    expect(external.events.map((e) => e.log)).toEqual(['/aws/lambda/checkout']);
  });

  it('stops its timer when the last subscriber leaves', () => {
    hub = new TailHub();
    const sub = hub.subscribe(opts, new Collector());
    expect(hub.size).toBe(1);
    hub.unsubscribe(sub.id);
    expect(hub.size).toBe(0);
  });
});
