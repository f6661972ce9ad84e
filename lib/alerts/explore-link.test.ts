import { describe, expect, it } from 'vitest';
import { exploreLink } from './explore-link';

describe('links to Explore', () => {
  it('carry the query, the range and the sources the Explore page reads', () => {
    const url = new URL(exploreLink('https://logline.example/', { ql: 'filter @fingerprint = "abc"', start: Date.UTC(2026, 0, 1), end: Date.UTC(2026, 0, 1, 1), sources: ['api', 'web'] }));
    expect(url.origin + url.pathname).toBe('https://logline.example/explore');
    expect(url.searchParams.get('q')).toBe('filter @fingerprint = "abc"');
    expect(url.searchParams.get('start')).toBe('2026-01-01T00:00:00.000Z');
    expect(url.searchParams.get('end')).toBe('2026-01-01T01:00:00.000Z');
    expect(url.searchParams.getAll('src')).toEqual(['api', 'web']);
  });

  it('fall back to the rule page when the query is too long for a Slack button', () => {
    expect(exploreLink('https://logline.example', { ql: `filter x = "${'y'.repeat(4000)}"`, start: 0, end: 1 }, '/alerts/r1')).toBe('https://logline.example/alerts/r1');
  });
});
