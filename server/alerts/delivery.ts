// Posting one message to a Slack incoming webhook: the URL is checked again at send time, each
// attempt has a timeout, failures that may pass (network, timeout, 5xx, 429) are retried with
// exponential backoff, and a 429's Retry-After is honoured. Redirects are not followed: a
// webhook that redirects is not the URL Slack issued.
import { checkWebhookUrl, type WebhookPolicy } from '@/lib/alerts/webhook-url';
import type { SlackMessage } from '@/lib/alerts/slack-blocks';

export interface DeliveryOptions {
  policy: WebhookPolicy;
  timeoutMs: number;
  maxAttempts: number;
  /** First retry delay; doubles each time (with ±20 % jitter). */
  baseDelayMs: number;
  /** A Retry-After longer than this fails the delivery instead of holding the queue. */
  maxRetryAfterMs: number;
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_DELIVERY: Omit<DeliveryOptions, 'policy'> = {
  timeoutMs: 10_000,
  maxAttempts: 4,
  baseDelayMs: 1000,
  maxRetryAfterMs: 120_000,
  fetch: (input, init) => fetch(input, init),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

export interface DeliveryOutcome {
  ok: boolean;
  attempts: number;
  httpStatus: number | null;
  error: string | null;
}

export async function postToWebhook(url: string, message: SlackMessage, options: DeliveryOptions): Promise<DeliveryOutcome> {
  const checked = checkWebhookUrl(url, options.policy);
  if (!checked.ok) return { ok: false, attempts: 0, httpStatus: null, error: `not sent: ${checked.error}` };
  const body = JSON.stringify(message);
  let last: DeliveryOutcome = { ok: false, attempts: 0, httpStatus: null, error: 'not sent' };
  for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
    let wait = backoff(options.baseDelayMs, attempt);
    try {
      const res = await options.fetch(checked.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      const text = (await res.text().catch(() => '')).slice(0, 300);
      if (res.status >= 200 && res.status < 300) return { ok: true, attempts: attempt, httpStatus: res.status, error: null };
      last = { ok: false, attempts: attempt, httpStatus: res.status, error: explain(res.status, text) };
      if (res.status >= 300 && res.status < 400) return last;
      if (res.status === 429) {
        const asked = retryAfterMs(res.headers.get('retry-after'));
        if (asked !== null && asked > options.maxRetryAfterMs) return { ...last, error: `Slack asked to wait ${Math.round(asked / 1000)} s before retrying; the message was dropped` };
        wait = asked ?? wait;
      } else if (res.status < 500) {
        return last;
      }
    } catch (error) {
      const e = error as Error;
      const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
      last = { ok: false, attempts: attempt, httpStatus: null, error: timedOut ? `no answer within ${options.timeoutMs / 1000} s` : `could not reach the webhook: ${e.message}` };
    }
    if (attempt < options.maxAttempts) await options.sleep(wait);
  }
  return { ...last, error: `${last.error} (gave up after ${last.attempts} attempts)` };
}

function backoff(baseMs: number, attempt: number): number {
  return Math.round(baseMs * 2 ** (attempt - 1) * (0.8 + Math.random() * 0.4));
}

/** Retry-After as seconds or an HTTP date. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}

function explain(status: number, text: string): string {
  const said = text ? ` (${text.replace(/\s+/g, ' ').trim()})` : '';
  if (status >= 300 && status < 400) return `the webhook answered a redirect (${status}); paste the URL exactly as Slack gave it`;
  if (status === 404 || status === 410) return `Slack answered ${status}${said}: the channel or the webhook was removed; create a new incoming webhook`;
  if (status === 403) return `Slack answered 403${said}: posting to this channel is not allowed`;
  if (status === 400) return `Slack refused the message (400${said})`;
  return `the webhook answered ${status}${said}`;
}
