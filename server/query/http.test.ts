// The query routes' error answers: positions from the parser or the engine, kinds, statuses.
import { describe, expect, it } from 'vitest';
import { parse } from '@/lib/query';
import { awsOnly, invalid, QueryEngineError } from '@/server/store/duckdb/query/errors';
import { engineErrorResponse, queryBody, queryErrorResponse } from './http';

describe('query route answers', () => {
  it('a syntax error is a 400 with line, column, expected and excerpt', async () => {
    const r = parse('fields @message\n| filter x = ');
    if (r.ok) throw new Error('should not parse');
    const res = queryErrorResponse(r.error);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ kind: 'syntax', line: 2, column: r.error.column, excerpt: expect.stringContaining('^') });
  });
  it('an AWS-only command is a 400 at its position, saying it runs in AWS mode', async () => {
    const text = 'fields a\n| anomaly';
    const res = engineErrorResponse(awsOnly('anomaly', { start: 11, end: 18 }), text);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ kind: 'aws-only', line: 2, column: 3, error: expect.stringMatching(/runs in AWS mode only/) });
  });
  it('maps invalid without a position, timeouts and cancellation; rethrows anything else', async () => {
    expect(engineErrorResponse(invalid('bad'), 'x').status).toBe(400);
    expect(engineErrorResponse(new QueryEngineError('timeout', 'slow'), 'x').status).toBe(504);
    expect(engineErrorResponse(new QueryEngineError('cancelled', 'gone'), 'x').status).toBe(499);
    expect(() => engineErrorResponse(new Error('boom'), 'x')).toThrow('boom');
  });
  it('CloudWatch outcomes: 429 and 503 with Retry-After, 502 for a failed query', async () => {
    const throttled = engineErrorResponse(new QueryEngineError('throttled', 'quota', undefined, 15), 'x');
    expect([throttled.status, throttled.headers.get('retry-after')]).toEqual([429, '15']);
    expect(await throttled.json()).toEqual({ error: 'quota', kind: 'throttled', retryAfterSeconds: 15 });
    const down = engineErrorResponse(new QueryEngineError('unavailable', 'unreachable', undefined, 10), 'x');
    expect([down.status, down.headers.get('retry-after')]).toEqual([503, '10']);
    expect(engineErrorResponse(new QueryEngineError('failed', 'Failed'), 'x').status).toBe(502);
  });
  it('validates the body', () => {
    expect(queryBody.safeParse({ query: 'fields @message', start: 1, end: 2 }).success).toBe(true);
    expect(queryBody.safeParse({ query: '', start: 1, end: 2 }).success).toBe(false);
    expect(queryBody.safeParse({ query: 'x', start: 5, end: 2 }).success).toBe(false);
    expect(queryBody.safeParse({ query: 'x'.repeat(10_001), start: 1, end: 2 }).success).toBe(false);
  });
});
