import { describe, expect, it } from 'vitest';
import { toLogEvent } from '@/lib/events';
import { cloudWatchMessage, decodeCloudWatchMessage } from './message';

const ctx = { receivedAt: Date.UTC(2026, 10, 20) };

function event(raw: unknown, text?: string) {
  const r = toLogEvent(raw, ctx, text);
  if (!r.ok) throw new Error(r.error);
  return r.event;
}

describe('the @message written to CloudWatch', () => {
  it('is a flat JSON object keyed by the flattened, normalized names, fingerprint first', () => {
    const e = event({ level: 'ERROR', userId: 42, items: [{ id: 'a' }, { id: 'b' }], order: { total: 19.5 }, message: 'payment failed' });
    const message = cloudWatchMessage(e);
    const doc = JSON.parse(message) as Record<string, unknown>;
    expect(Object.keys(doc)[0]).toBe('@fingerprint');
    expect(doc).toEqual({
      '@fingerprint': e.fingerprint,
      level: 'error',
      'user.id': '42',
      'items.0.id': 'a',
      'items.1.id': 'b',
      'order.total': 19.5,
      message: 'payment failed',
    });
  });

  it('keeps a plain-text line as it is', () => {
    const e = event('2026-11-20T10:00:00Z worker started');
    expect(cloudWatchMessage(e)).toBe('2026-11-20T10:00:00Z worker started');
    expect(decodeCloudWatchMessage(cloudWatchMessage(e))).toEqual({ fields: {}, fingerprint: null });
  });

  it('reads back the fields and fingerprint it was written from, including the dropped-fields count', () => {
    const many = Object.fromEntries(Array.from({ length: 230 }, (_, i) => [`k${i}`, i]));
    for (const raw of [{ level: 'warn', user: { id: 7 }, ok: true, none: null }, many]) {
      const e = event(raw);
      const back = decodeCloudWatchMessage(cloudWatchMessage(e));
      expect(back.fingerprint).toBe(e.fingerprint);
      expect({ ...back.fields }).toEqual({ ...e.fields });
    }
  });

  it('keeps a producer field named like the fingerprint apart from ours', () => {
    const e = event({ '@fingerprint': 'mine', message: 'x' });
    const doc = JSON.parse(cloudWatchMessage(e)) as Record<string, unknown>;
    expect(doc['@fingerprint']).toBe(e.fingerprint);
    expect(doc['_@fingerprint']).toBe('mine');
  });

  it('adds extra fields the writer needs (an original timestamp)', () => {
    const e = event({ message: 'late' });
    expect(JSON.parse(cloudWatchMessage(e, { 'logline.originalTimestamp': 123 }))).toMatchObject({ message: 'late', 'logline.originalTimestamp': 123 });
    const bare = event({});
    expect(JSON.parse(cloudWatchMessage(bare, { 'logline.originalTimestamp': 5 }))).toEqual({ '@fingerprint': bare.fingerprint, 'logline.originalTimestamp': 5 });
  });

  it('flattens JSON another writer put in the group, and ignores what is not a JSON object', () => {
    expect({ ...decodeCloudWatchMessage('{"a":{"b":[1,{"c":"d"}]},"e":"f"}').fields }).toEqual({ 'a.b.0': 1, 'a.b.1.c': 'd', e: 'f' });
    expect(decodeCloudWatchMessage('{not json').fields).toEqual({});
    expect(decodeCloudWatchMessage('[1,2]').fields).toEqual({});
  });
});
