import { describe, expect, it } from 'vitest';
import type { SampleEvent } from './bursts';
import { alertMessage, resolveMessage, stormMessage, suppressedMessage, testMessage, thresholdMessage, updateMessage, type Block, type SlackMessage } from './slack-blocks';
import { codeBlock, escapeMrkdwn, safeMrkdwn, SLACK_LIMITS } from './slack-text';

const HOSTILE = '<!channel> <@U024BE7LH> <https://evil.example/|click here> & ```break out``` *bold*';
const links = { ruleName: 'API errors <!here>', ruleUrl: 'https://logline.example/alerts/r1', exploreUrl: 'https://logline.example/explore?q=x' };
const sample: SampleEvent = { timestamp: Date.UTC(2026, 10, 20, 12), source: 'api', stream: 'i-1 <!everyone>', level: 'error', message: `${HOSTILE}\n${'x'.repeat(10_000)}`, fields: { route: '/api/pay', '<!channel>': '<@U1>' } };

/** Every text object of a message, wherever it sits. */
function texts(m: SlackMessage): { type: string; text: string }[] {
  const out: { type: string; text: string }[] = [];
  const visit = (b: Block) => {
    if (b.type === 'header') out.push(b.text);
    if (b.type === 'section') out.push(...(b.text ? [b.text] : []), ...(b.fields ?? []));
    if (b.type === 'context') out.push(...b.elements);
    if (b.type === 'actions') out.push(...b.elements.map((e) => e.text));
  };
  m.blocks.forEach(visit);
  return out;
}

/** What Slack would parse as a control sequence: `<…>` other than the date tokens we write ourselves. */
function controlSequences(m: SlackMessage): string[] {
  const all = [m.text, ...texts(m).filter((t) => t.type === 'mrkdwn').map((t) => t.text)].join('\n');
  return [...all.matchAll(/<[^>]*>/g)].map((x) => x[0]).filter((x) => !/^<!date\^\d+\^\{date_short_pretty\} at \{time_secs\}\|[\d\- :]+ UTC>$/.test(x));
}

function withinLimits(m: SlackMessage): void {
  expect(m.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  expect(m.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
  for (const b of m.blocks) {
    if (b.type === 'header') expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
    if (b.type === 'section') {
      if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      expect((b.fields ?? []).length).toBeLessThanOrEqual(SLACK_LIMITS.fields);
      for (const f of b.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
    }
    if (b.type === 'context') expect(b.elements.length).toBeLessThanOrEqual(SLACK_LIMITS.contextElements);
    if (b.type === 'actions') for (const e of b.elements) expect(e.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonText);
  }
  for (const t of texts(m)) if (t.type === 'mrkdwn') expect((t as { verbatim?: boolean }).verbatim).toBe(true);
  expect(m.unfurl_links).toBe(false);
}

const messages: [string, SlackMessage][] = [
  ['alert', alertMessage(links, { cause: 'new', title: HOSTILE.repeat(20), source: 'api<!here>', level: 'error', fingerprint: 'abc', count: 5000, since: Date.UTC(2026, 10, 20, 12), quietForMs: null, sample })],
  ['regression', alertMessage(links, { cause: 'regression', title: HOSTILE, source: 'api', level: 'fatal', fingerprint: 'abc', count: 1, since: Date.UTC(2026, 10, 20, 12), quietForMs: 3 * 86_400_000, sample: null })],
  ['threshold', thresholdMessage(links, { queryName: HOSTILE, group: `route=${HOSTILE}`, measure: 'pct of count(*)', comparator: 'above', threshold: 5, value: 7.25, n: 2, m: 3, windowSeconds: 300 })],
  ['update', updateMessage(links, { title: HOSTILE, source: 'api', level: 'error', count: 5000, added: 4000, since: 0, lastSeen: 60_000 })],
  ['resolve', resolveMessage(links, { title: HOSTILE, reason: 'quiet', since: 0, endedAt: 60_000, count: 5000 })],
  ['storm', stormMessage(links, { phase: 'started', source: 'web', fingerprint: 'f', title: HOSTILE, client: { field: 'session.id', value: HOSTILE, share: 0.99 }, peakRate: 20_000, rate: 19_000, sampleEvery: 2000, kept: 10, dropped: 19_990, startedAt: 0, endedAt: null })],
  ['test', testMessage({ ruleName: HOSTILE, consoleUrl: 'https://logline.example', sentBy: 'admin@example.com <!channel>', at: 0 })],
  ['suppressed', suppressedMessage(links, { counts: { alert: 40, update: 2, resolve: 0, storm: 0 }, total: 42, examples: [HOSTILE, 'b'], since: 0 }, 60_000)],
];

describe('Slack messages', () => {
  it.each(messages)('%s: hostile log text cannot mention, ping or link; every text is within Block Kit limits', (_kind, m) => {
    expect(controlSequences(m)).toEqual([]);
    expect(JSON.stringify(m)).not.toMatch(/<!channel>|<!here>|<!everyone>|<@U/);
    withinLimits(m);
  });

  it('an alert says how many and since when, with level, source, sample and a link to Explore', () => {
    const m = alertMessage(links, { cause: 'new', title: 'payment failed', source: 'api', level: 'error', fingerprint: 'abc123', count: 5000, since: Date.UTC(2026, 10, 20, 12), quietForMs: null, sample: { ...sample, message: 'payment failed for order o-7' } });
    const all = JSON.stringify(m);
    expect(m.text).toContain('New error in api: payment failed (5,000 since 2026-11-20T12:00:00.000Z)');
    expect(all).toContain('*5,000* events since <!date^1795176000^');
    expect(all).toContain('*Level*\\nerror');
    expect(all).toContain('*Source*\\napi');
    expect(all).toContain('```payment failed for order o-7```');
    const actions = m.blocks.find((b) => b.type === 'actions');
    expect(actions && actions.type === 'actions' && actions.elements[0].url).toBe(links.exploreUrl);
  });

  it('a regression says how long it was quiet', () => {
    const m = alertMessage(links, { cause: 'regression', title: 'timeout', source: 'api', level: 'error', fingerprint: 'f', count: 3, since: 0, quietForMs: 3 * 86_400_000, sample: null });
    expect(m.text).toMatch(/^Back after 3 days quiet in api: timeout/);
  });

  it('the storm message names the client and the sampling', () => {
    const [, m] = messages.find(([k]) => k === 'storm')!;
    expect(JSON.stringify(m)).toContain('keeping 1 in 2,000');
    expect(m.text).toMatch(/^Log storm in web:/);
  });
});

describe('Slack text', () => {
  it('escapes &, < and > as Slack documents', () => {
    expect(escapeMrkdwn('a & b <c> &amp;')).toBe('a &amp; b &lt;c&gt; &amp;amp;');
  });
  it('caps without leaving half an entity', () => {
    const s = safeMrkdwn(`${'a'.repeat(8)}<<<<`, 12);
    expect(s.length).toBeLessThanOrEqual(12);
    expect(s).toMatch(/^a{8}(&lt;)?…$/);
  });
  it('a code block cannot be closed from inside', () => {
    const block = codeBlock('x ``` <!channel> ```', 100);
    expect(block.startsWith('```')).toBe(true);
    expect(block.slice(3, -3)).not.toContain('```');
    expect(block).toContain('&lt;!channel&gt;');
  });
});
