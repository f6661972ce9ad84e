import { describe, expect, it } from 'vitest';
import { print } from '../query/printer';
import { buildTimeline, describeEvent, sessionQuery, sessionRange, sharedQuery } from './timeline';

const at = (ms: number) => new Date(Date.parse('2026-11-30T15:00:00Z') + ms).toISOString().replace('T', ' ').replace('Z', '');
const click = { '@timestamp': at(0), '@log': 'web', '@logStream': 'u1', '@message': '{"c"}', event: 'click', target: 'Save grades', page: '/gradebook/12', 'session.id': 's1', platform: 'web', level: 'info' };
const api = { '@timestamp': at(180), '@log': 'api', '@logStream': 'i-1', '@message': '{"a"}', method: 'POST', route: '/api/grades', status: 503, duration_ms: 150, message: 'OperationalError: could not connect', level: 'error', 'request.id': 'r1' };
const clientError = { '@timestamp': at(640), '@log': 'web', '@logStream': 'u1', '@message': '{"e"}', event: 'error', message: 'Error: Request failed with status code 503', level: 'error', 'request.id': 'r1', 'session.id': 's1', platform: 'web' };
const later = { '@timestamp': at(4000), '@log': 'web', '@logStream': 'u1', '@message': '{"p"}', event: 'page_view', page: '/home', 'session.id': 's1', platform: 'web', level: 'info' };

describe('correlation timeline', () => {
  it('queries the shared id and the sessions around it', () => {
    expect(print(sharedQuery('request.id', 'r"1'))).toBe('filter request.id = "r\\"1"\n| sort @timestamp asc\n| limit 1000');
    expect(print(sessionQuery(['s1', 's2']))).toBe('filter session.id in ["s1", "s2"]\n| sort @timestamp asc\n| limit 200');
    expect(sessionRange([api, clientError])).toEqual({ start: Date.parse('2026-11-30T15:00:00.180Z') - 30_000, end: Date.parse('2026-11-30T15:00:00.640Z') + 5_000 });
  });

  it('puts the click, the api request and the client error in order, in lanes, and says who failed first', () => {
    const t = buildTimeline([api, clientError], [click, clientError, later]);
    expect(t.events.map((e) => [e.offset, e.source, e.side, e.shared, e.title])).toEqual([
      [0, 'web', 'client', false, 'click on Save grades (/gradebook/12)'],
      [180, 'api', 'server', true, 'POST /api/grades → 503 in 150 ms: OperationalError: could not connect'],
      [640, 'web', 'client', true, 'Error: Request failed with status code 503'],
      [4000, 'web', 'client', false, 'page view /home'],
    ]);
    expect(t.lanes).toEqual(['web', 'api']);
    expect(t.sessions).toEqual(['s1']);
    expect(t.verdict).toBe('The server failed first: api (“POST /api/grades → 503 in 150 ms: OperationalError: could not connect”); web reported an error 460 ms later.');
  });

  it('blames the client when only the client failed, and says nothing when nothing failed', () => {
    expect(buildTimeline([clientError], []).verdict).toMatch(/^The client failed first: web \(“Error: Request failed with status code 503”\); no server event failed\.$/);
    expect(buildTimeline([click], []).verdict).toBeNull();
  });

  it('describes events of any shape', () => {
    expect(describeEvent({ event: 'feature_used', feature: 'quiz-builder' })).toBe('used quiz-builder');
    expect(describeEvent({ method: 'GET', route: '/a', status: 200, message: 'GET /a 200 in 12ms' })).toBe('GET /a → 200');
    expect(describeEvent({ '@message': 'plain text line' })).toBe('plain text line');
  });
});
