// Which URLs Logline will POST alerts to. A webhook URL is typed by an admin and then called by
// the server, so it is checked like any user-supplied URL the server fetches: https only, a host
// from an allowed list (Slack's by default), no credentials, no custom port. Checked when a rule
// is saved and again before every send (the settings may have changed since).

export interface WebhookPolicy {
  /** Exact host names (lower case), e.g. `hooks.slack.com`. */
  allowedHosts: readonly string[];
  /** For tests only: also allow http(s)://127.0.0.1, localhost or [::1] on any port. */
  allowLoopbackHttp: boolean;
}

export const DEFAULT_ALLOWED_HOSTS = ['hooks.slack.com'] as const;
export const MAX_WEBHOOK_URL_LENGTH = 2048;

export type WebhookCheck = { ok: true; url: string } | { ok: false; error: string };

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function checkWebhookUrl(text: string, policy: WebhookPolicy): WebhookCheck {
  const raw = text.trim();
  if (raw === '') return { ok: false, error: 'enter the webhook URL Slack gave you (https://hooks.slack.com/services/…)' };
  if (raw.length > MAX_WEBHOOK_URL_LENGTH) return { ok: false, error: `the webhook URL is longer than ${MAX_WEBHOOK_URL_LENGTH} characters` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, error: 'the webhook is not a URL; paste the whole https://hooks.slack.com/services/… address' };
  }
  if (url.username || url.password) return { ok: false, error: 'webhook URLs may not carry a user name or password' };
  const host = url.hostname.toLowerCase();
  if (policy.allowLoopbackHttp && LOOPBACK.has(host) && (url.protocol === 'http:' || url.protocol === 'https:')) {
    return { ok: true, url: withoutHash(url) };
  }
  if (url.protocol !== 'https:') return { ok: false, error: `webhook URLs must use https, not ${url.protocol.replace(':', '')}` };
  if (!policy.allowedHosts.includes(host)) {
    return { ok: false, error: `${host} is not an allowed webhook host (allowed: ${policy.allowedHosts.join(', ') || 'none'}; an operator sets LOGLINE_SLACK_ALLOWED_HOSTS)` };
  }
  if (url.port !== '') return { ok: false, error: `webhook URLs may not name a port (${url.port}); use the URL exactly as Slack gave it` };
  if (url.pathname === '/' || url.pathname === '') return { ok: false, error: 'the webhook URL has no path; paste the whole URL Slack gave you' };
  return { ok: true, url: withoutHash(url) };
}

function withoutHash(url: URL): string {
  url.hash = '';
  return url.href;
}

/** What the console shows of a stored webhook: enough to recognize it, not enough to post to it. */
export function maskWebhookUrl(href: string): string {
  try {
    const url = new URL(href);
    const parts = url.pathname.split('/');
    const last = parts.pop() ?? '';
    const tail = last.length > 8 ? last.slice(-4) : '';
    return `${url.origin}${parts.join('/')}/••••${tail}`;
  } catch {
    return '••••';
  }
}

/** `hooks.slack.com, example.org` → ['hooks.slack.com', 'example.org']. */
export function parseHostList(text: string): string[] {
  return text
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== '');
}
