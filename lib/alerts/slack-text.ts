// Text that goes into Slack messages. Log lines are written by whoever can send events, so
// everything that came from an event is made inert before it reaches a message: mrkdwn control
// characters are escaped (no `<!channel>`, no `<https://evil|disguised link>`, no `<@U123>`
// pings), code spans cannot be closed early, and every text is capped to Block Kit's limits.

/** Block Kit limits (api.slack.com/reference/block-kit): what Slack refuses beyond. */
export const SLACK_LIMITS = {
  headerText: 150,
  sectionText: 3000,
  fieldText: 2000,
  fields: 10,
  contextElements: 10,
  buttonText: 75,
  buttonUrl: 3000,
  blocks: 50,
  /** The notification fallback; Slack truncates messages far beyond this anyway. */
  fallbackText: 3000,
} as const;

/** Escapes the three characters Slack's mrkdwn gives meaning to (&, <, >), as Slack documents. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts to at most `max` characters (UTF-16 units, never splitting a surrogate pair), marking the cut with … */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return `${text.slice(0, Math.max(0, cut))}…`;
}

/** Escaped mrkdwn of at most `max` characters; a cut never leaves half an entity (`&am…`). */
export function safeMrkdwn(text: string, max: number): string {
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= max) return escaped;
  return `${escaped.slice(0, max - 1).replace(/&[a-z]{0,3}$/, '')}…`;
}

/**
 * Plain text (headers, buttons). Slack does not format plain_text, but whether it decodes entities
 * there is not something to bet on either way, so < and > become look-alikes (‹ ›) that can never
 * open a control sequence; control characters other than newlines become spaces.
 */
export function safePlain(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  return truncate(text.replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, ' ').replace(/</g, '‹').replace(/>/g, '›'), max);
}

/** A ``` block holding hostile text: escaped, and a ``` inside cannot end the block early. */
export function codeBlock(text: string, max: number): string {
  // Zero-width spaces between backticks keep Slack from seeing a closing fence.
  const body = escapeMrkdwn(text).replace(/`(?=`)/g, '`\u200b');
  const room = max - 6;
  const inner = body.length <= room ? body : `${body.slice(0, room - 1).replace(/&[a-z]{0,3}$/, '')}…`;
  return `\`\`\`${inner}\`\`\``;
}

/** A date Slack renders in each reader's own time zone, with UTC text as the fallback. */
export function slackDate(ms: number): string {
  const fallback = `${new Date(ms).toISOString().replace('T', ' ').slice(0, 19)} UTC`;
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} at {time_secs}|${fallback}>`;
}

/** 1234567 → "1,234,567". */
export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A duration as people say it: "45 s", "12 min", "3 h", "4 days". */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m} min`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h`;
  return `${Math.round(h / 24)} days`;
}
