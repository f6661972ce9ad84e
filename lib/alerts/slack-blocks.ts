// Slack Block Kit messages, one builder per kind: alert, update, resolve, storm, test (and the
// rate cap's summary). Pure: data in, the JSON body of an incoming-webhook POST out. Incoming
// webhooks cannot edit a message they posted, so a burst is one alert followed by short update
// messages and one resolve message, never an edit. Everything from an event goes through
// slack-text.ts (escaped, verbatim, capped).
import type { SampleEvent } from './bursts';
import type { SuppressedSummary } from './rate-cap';
import type { StormReport } from './storm';
import { codeBlock, count, duration, safeMrkdwn, safePlain, slackDate, SLACK_LIMITS } from './slack-text';

type Text = { type: 'plain_text'; text: string; emoji?: boolean } | { type: 'mrkdwn'; text: string; verbatim: true };
export type Block =
  | { type: 'header'; text: Text }
  | { type: 'section'; text?: Text; fields?: Text[] }
  | { type: 'context'; elements: Text[] }
  | { type: 'divider' }
  | { type: 'actions'; elements: { type: 'button'; text: Text; url: string; style?: 'primary' | 'danger' }[] };

export interface SlackMessage {
  text: string;
  blocks: Block[];
  unfurl_links: false;
  unfurl_media: false;
}

/** Where a message points: the rule in the console and the events in Explore. */
export interface MessageLinks {
  ruleName: string;
  ruleUrl: string;
  exploreUrl: string;
}

const md = (text: string, max: number = SLACK_LIMITS.sectionText): Text => ({ type: 'mrkdwn', text: safeMrkdwn(text, max), verbatim: true });
/** Already-safe mrkdwn we composed ourselves (escaped parts, our own dates): only capped. */
const raw = (text: string): Text => ({ type: 'mrkdwn', text: text.length <= SLACK_LIMITS.sectionText ? text : `${text.slice(0, SLACK_LIMITS.sectionText - 1)}…`, verbatim: true });
const plain = (text: string, max: number): Text => ({ type: 'plain_text', text: safePlain(text, max) || ' ', emoji: true });
const field = (label: string, value: string): Text => raw(`*${label}*\n${safeMrkdwn(value, SLACK_LIMITS.fieldText - label.length - 4)}`);

function header(text: string): Block {
  return { type: 'header', text: plain(text, SLACK_LIMITS.headerText) };
}

function buttons(links: MessageLinks, exploreLabel = 'Open in Explore'): Block {
  return {
    type: 'actions',
    elements: [
      { type: 'button', text: plain(exploreLabel, SLACK_LIMITS.buttonText), url: links.exploreUrl, style: 'primary' },
      { type: 'button', text: plain('Alert rule', SLACK_LIMITS.buttonText), url: links.ruleUrl },
    ],
  };
}

function ruleContext(links: MessageLinks, extra: string[] = []): Block {
  return { type: 'context', elements: [md(`Rule: ${links.ruleName}`, 300), ...extra.map((e) => raw(e))].slice(0, SLACK_LIMITS.contextElements) };
}

function message(fallback: string, blocks: Block[]): SlackMessage {
  return { text: safeMrkdwn(fallback, SLACK_LIMITS.fallbackText), blocks: blocks.slice(0, SLACK_LIMITS.blocks), unfurl_links: false, unfurl_media: false };
}

const LEVEL_ICON: Record<string, string> = { fatal: ':rotating_light:', error: ':red_circle:', warn: ':large_orange_circle:', info: ':large_blue_circle:' };

function sampleBlocks(sample: SampleEvent | null): Block[] {
  if (!sample) return [];
  const facts = Object.entries(sample.fields).slice(0, 6).map(([k, v]) => `${safeMrkdwn(k, 60)}=${safeMrkdwn(String(v), 120)}`);
  return [
    { type: 'section', text: raw(`*Sample event* · ${slackDate(sample.timestamp)} · stream ${safeMrkdwn(sample.stream, 120)}\n${codeBlock(sample.message, 2400)}`) },
    ...(facts.length ? [{ type: 'context' as const, elements: [raw(facts.join('  ·  '))] }] : []),
  ];
}

export interface FingerprintAlert {
  cause: 'new' | 'regression';
  title: string;
  source: string;
  level: string;
  fingerprint: string;
  count: number;
  since: number;
  quietForMs: number | null;
  sample: SampleEvent | null;
}

export function alertMessage(links: MessageLinks, a: FingerprintAlert): SlackMessage {
  const what = a.cause === 'new' ? 'New error' : `Back after ${duration(a.quietForMs ?? 0)} quiet`;
  const icon = LEVEL_ICON[a.level] ?? ':red_circle:';
  return message(`${what} in ${a.source}: ${a.title} (${count(a.count)} since ${new Date(a.since).toISOString()})`, [
    header(`${what}: ${a.title}`),
    { type: 'section', text: raw(`${icon} *${count(a.count)}* event${a.count === 1 ? '' : 's'} since ${slackDate(a.since)}`) },
    { type: 'section', fields: [field('Level', a.level || '(none)'), field('Source', a.source), field('Fingerprint', a.fingerprint), field('Kind', a.cause === 'new' ? 'new fingerprint' : 'regression')] },
    ...sampleBlocks(a.sample),
    buttons(links),
    ruleContext(links, ['Further events of this error roll into updates, not new alerts.']),
  ]);
}

export interface ThresholdAlert {
  queryName: string;
  group: string;
  measure: string;
  comparator: 'above' | 'below';
  threshold: number;
  value: number;
  n: number;
  m: number;
  windowSeconds: number;
}

const num = (n: number) => (Number.isInteger(n) ? count(n) : n.toLocaleString('en-US', { maximumFractionDigits: 2 }));

export function thresholdMessage(links: MessageLinks, t: ThresholdAlert): SlackMessage {
  const where = t.group === '*' ? '' : ` (${t.group})`;
  return message(`${t.queryName}${where}: ${t.measure} ${num(t.value)} is ${t.comparator} ${num(t.threshold)}`, [
    header(`${t.queryName}: ${t.measure} ${t.comparator} ${num(t.threshold)}`),
    { type: 'section', text: raw(`:chart_with_upwards_trend: *${safeMrkdwn(num(t.value), 40)}* over the last ${duration(t.windowSeconds * 1000)}, ${t.n} of the last ${t.m} window${t.m === 1 ? '' : 's'} ${t.comparator} ${safeMrkdwn(num(t.threshold), 40)}`) },
    { type: 'section', fields: [field('Group', t.group === '*' ? 'all events' : t.group), field('Measure', t.measure)] },
    buttons(links),
    ruleContext(links),
  ]);
}

export interface BurstUpdate {
  title: string;
  source: string;
  level: string;
  count: number;
  added: number;
  since: number;
  lastSeen: number;
}

export function updateMessage(links: MessageLinks, u: BurstUpdate): SlackMessage {
  return message(`Still happening in ${u.source}: ${u.title} — ${count(u.count)} events since ${new Date(u.since).toISOString()}`, [
    { type: 'section', text: raw(`:repeat: *Still happening* in ${safeMrkdwn(u.source, 200)}: ${safeMrkdwn(u.title, 300)}\n*${count(u.count)}* events since ${slackDate(u.since)} (+${count(u.added)} since the last message), latest ${slackDate(u.lastSeen)}`) },
    buttons(links),
    ruleContext(links),
  ]);
}

export interface Resolution {
  title: string;
  reason: 'quiet' | 'recovered' | 'no-data';
  since: number;
  endedAt: number;
  count?: number;
  value?: number;
}

export function resolveMessage(links: MessageLinks, r: Resolution): SlackMessage {
  const detail =
    r.reason === 'quiet'
      ? `${count(r.count ?? 0)} events from ${slackDate(r.since)} to ${slackDate(r.endedAt)}, then quiet`
      : r.reason === 'no-data'
        ? `no data any more since ${slackDate(r.endedAt)} (alerting since ${slackDate(r.since)})`
        : `back within the threshold${r.value === undefined ? '' : ` (${safeMrkdwn(num(r.value), 40)})`} at ${slackDate(r.endedAt)}, after alerting since ${slackDate(r.since)}`;
  return message(`Resolved: ${r.title}`, [
    { type: 'section', text: raw(`:white_check_mark: *Resolved:* ${safeMrkdwn(r.title, 400)}\n${detail}`) },
    buttons(links),
    ruleContext(links),
  ]);
}

/** What a storm message tells of a storm report. */
export type StormNotice = Omit<StormReport, 'id' | 'level'>;

export function stormMessage(links: MessageLinks, s: StormNotice): SlackMessage {
  const client = s.client ? `${s.client.field} ${s.client.value} (${Math.round(s.client.share * 100)} % of it)` : 'many clients';
  const heading = s.phase === 'ended' ? 'Log storm ended' : s.phase === 'update' ? 'Log storm continues' : 'Log storm';
  const body =
    s.phase === 'ended'
      ? `${count(s.kept + s.dropped)} events from ${slackDate(s.startedAt)} to ${slackDate(s.endedAt ?? s.startedAt)}; ${count(s.kept)} stored, ${count(s.dropped)} sampled out`
      : `*${count(s.rate)}* events/s (peak ${count(s.peakRate)}) since ${slackDate(s.startedAt)}: keeping 1 in ${count(s.sampleEvery)}; each kept event records how many it stands for in \`logline.represents\``;
  return message(`${heading} in ${s.source}: ${s.title} (${client})`, [
    header(`${heading}: ${s.title}`),
    { type: 'section', text: raw(`:cyclone: ${body}`) },
    { type: 'section', fields: [field('Source', s.source), field('Client', client), field('Fingerprint', s.fingerprint), field('Stored / sampled out', `${count(s.kept)} / ${count(s.dropped)}`)] },
    buttons(links, 'Kept sample in Explore'),
    ruleContext(links, ['Other sources and fingerprints are not sampled.']),
  ]);
}

export function testMessage(t: { ruleName: string | null; consoleUrl: string; sentBy: string; at: number }): SlackMessage {
  return message(`Test message from Logline${t.ruleName ? ` for ${t.ruleName}` : ''}`, [
    { type: 'section', text: raw(`:wave: *Test message from Logline.* Alerts${t.ruleName ? ` of ${safeMrkdwn(`"${t.ruleName}"`, 200)}` : ''} will arrive in this channel.`) },
    { type: 'context', elements: [md(`Sent by ${t.sentBy}`, 300), raw(slackDate(t.at))] },
    { type: 'actions', elements: [{ type: 'button', text: plain('Open Logline', SLACK_LIMITS.buttonText), url: t.consoleUrl }] },
  ]);
}

export function suppressedMessage(links: MessageLinks, s: SuppressedSummary, windowMs: number): SlackMessage {
  const parts = (['alert', 'update', 'resolve', 'storm'] as const).filter((k) => s.counts[k] > 0).map((k) => `${count(s.counts[k])} ${k === 'alert' ? 'new alert' : k}${s.counts[k] === 1 ? '' : 's'}`);
  const examples = s.examples.map((e) => `• ${safeMrkdwn(e, 200)}`).join('\n');
  return message(`${count(s.total)} more messages suppressed for ${links.ruleName}`, [
    { type: 'section', text: raw(`:mute: *${count(s.total)} more suppressed* since ${slackDate(s.since)} (${parts.join(', ')}): this rule sends at most its limit per ${duration(windowMs)}.${examples ? `\n${examples}` : ''}`) },
    { type: 'actions', elements: [{ type: 'button', text: plain('See every group', SLACK_LIMITS.buttonText), url: links.ruleUrl }] },
    ruleContext(links),
  ]);
}
