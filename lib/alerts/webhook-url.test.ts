import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, maskWebhookUrl, parseHostList } from './webhook-url';

const SLACK = { allowedHosts: ['hooks.slack.com'], allowLoopbackHttp: false };
const TESTING = { allowedHosts: ['hooks.slack.com'], allowLoopbackHttp: true };
const GOOD = 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX';

describe('webhook URLs', () => {
  it('accepts Slack incoming webhooks', () => {
    expect(checkWebhookUrl(`  ${GOOD}  `, SLACK)).toEqual({ ok: true, url: GOOD });
    expect(checkWebhookUrl('https://HOOKS.slack.com/services/T/B/x#frag', SLACK)).toEqual({ ok: true, url: 'https://hooks.slack.com/services/T/B/x' });
  });

  it.each([
    ['http://hooks.slack.com/services/T/B/x', /must use https/],
    ['https://evil.example/services/T/B/x', /evil.example is not an allowed webhook host/],
    ['https://hooks.slack.com.evil.example/services/x', /not an allowed webhook host/],
    ['https://hooks.slack.com@evil.example/services/x', /user name or password/],
    ['https://user:pw@hooks.slack.com/services/x', /user name or password/],
    ['https://evil.example\\@hooks.slack.com/x', /evil.example is not an allowed/],
    ['https://hooks.slack.com:8443/services/x', /may not name a port/],
    ['https://hooks.slack.com/', /has no path/],
    ['ftp://hooks.slack.com/x', /must use https/],
    ['javascript:alert(1)', /must use https/],
    ['not a url', /not a URL/],
    ['', /enter the webhook URL/],
    ['http://127.0.0.1:9999/hook', /must use https/],
    [`https://hooks.slack.com/${'x'.repeat(3000)}`, /longer than 2048/],
  ])('refuses %s', (url, why) => {
    const r = checkWebhookUrl(url, SLACK);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(why);
  });

  it('allows plain-HTTP loopback receivers only when the test setting is on', () => {
    expect(checkWebhookUrl('http://127.0.0.1:43210/slack', TESTING)).toEqual({ ok: true, url: 'http://127.0.0.1:43210/slack' });
    expect(checkWebhookUrl('http://[::1]:43210/slack', TESTING).ok).toBe(true);
    expect(checkWebhookUrl('http://10.0.0.1:43210/slack', TESTING).ok).toBe(false);
    expect(checkWebhookUrl('http://127.0.0.1.evil.example/slack', TESTING).ok).toBe(false);
    expect(checkWebhookUrl('http://user:pw@127.0.0.1:4000/slack', TESTING).ok).toBe(false);
  });

  it('masks the secret part for display', () => {
    expect(maskWebhookUrl(GOOD)).toBe('https://hooks.slack.com/services/T00000000/B00000000/••••XXXX');
    expect(maskWebhookUrl(GOOD)).not.toContain('XXXXXXXXXXXX');
  });

  it('reads the allowed-host setting', () => {
    expect(parseHostList(' hooks.slack.com, Example.org ,,')).toEqual(['hooks.slack.com', 'example.org']);
  });
});
