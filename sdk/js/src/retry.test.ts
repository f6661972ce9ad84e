import { describe, expect, it } from 'vitest';
import { backoffDelay, classify, DEFAULT_RETRY, retryAfterMs } from './retry';

const answer = (status: number, body: object | string = {}, retryAfter: string | null = null) => ({ status, retryAfter, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('what each answer means for a batch', () => {
  it('retries only what can change: 408, 425, 429, 5xx and network errors', () => {
    for (const s of [408, 425, 429, 500, 502, 503, 504, 599]) expect(classify(answer(s)).kind, String(s)).toBe('retry');
    expect(classify(new Error('ECONNREFUSED'))).toMatchObject({ kind: 'retry', message: 'network error: ECONNREFUSED' });
    expect(classify(answer(401, { error: 'missing or unknown API key' }))).toEqual({ kind: 'refused', status: 401, problem: 'unauthorized', message: 'missing or unknown API key' });
    expect(classify(answer(413))).toMatchObject({ kind: 'refused', problem: 'too-large' });
    expect(classify(answer(404, '<html>'))).toMatchObject({ kind: 'refused', problem: 'rejected' });
  });

  it('treats a 400 listing refused events as delivered minus those', () => {
    expect(classify(answer(400, { error: '2 of 5 events were refused', accepted: 3, rejected: 2 }))).toEqual({ kind: 'delivered', status: 400, rejected: 2, message: '2 of 5 events were refused' });
    expect(classify(answer(400, { error: 'malformed JSON' }))).toMatchObject({ kind: 'refused', problem: 'rejected' });
  });

  it('reads a 503 "retry" list (AWS mode, SQS took part) as the only lines to resend; anything else resends all', () => {
    expect(classify(answer(503, { error: 'x', accepted: 4, rejected: 1, retry: [[0, 1], [5, 5]], notQueued: 3 }))).toMatchObject({ kind: 'retry', resend: { lines: [0, 1, 5], rejected: 1 } });
    for (const retry of [[[2, 1]], [[-1, 0]], [[0]], [['0', 1]], 'all', [[0, 2_000_000]]]) {
      expect(classify(answer(503, { error: 'x', retry })), JSON.stringify(retry)).not.toHaveProperty('resend');
    }
    expect(classify(answer(502, { retry: [[0, 0]] }))).not.toHaveProperty('resend');
  });
});

describe('waits', () => {
  it('honours Retry-After in seconds or as a date, with at most 10 % (≤ 1 s) jitter, capped', () => {
    expect(retryAfterMs('2', DEFAULT_RETRY, 0, () => 0)).toBe(2000);
    expect(retryAfterMs('2', DEFAULT_RETRY, 0, () => 0.999)).toBeCloseTo(2199.8);
    expect(retryAfterMs('120', DEFAULT_RETRY, 0, () => 1)).toBe(121_000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), DEFAULT_RETRY, 4000, () => 0)).toBe(6000);
    expect(retryAfterMs('99999', DEFAULT_RETRY, 0, () => 0)).toBe(DEFAULT_RETRY.maxRetryAfterMs);
    expect(retryAfterMs('soon', DEFAULT_RETRY)).toBeNull();
    expect(retryAfterMs(null, DEFAULT_RETRY)).toBeNull();
  });

  it('backs off exponentially with full jitter up to the cap', () => {
    expect([1, 2, 3, 4].map((a) => backoffDelay(a, DEFAULT_RETRY, () => 1))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffDelay(20, DEFAULT_RETRY, () => 1)).toBe(30_000);
    expect(backoffDelay(3, DEFAULT_RETRY, () => 0.5)).toBe(1000);
    expect(backoffDelay(3, DEFAULT_RETRY, () => 0)).toBe(1);
  });
});
