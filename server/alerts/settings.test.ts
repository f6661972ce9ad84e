import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';

describe('alert and storm-guard settings', () => {
  it('default to Slack only, no loopback, the sinks feed locally and polling in AWS mode', () => {
    const c = loadConfig({});
    expect(c.alerts).toMatchObject({ allowedHosts: ['hooks.slack.com'], allowLoopbackHttp: false, feed: 'sinks', pollSeconds: 60, pollLagSeconds: 30 });
    expect(c.storm).toMatchObject({ threshold: 1000, perSource: {}, keepPerSecond: 10 });
    expect(loadConfig({ LOGLINE_MODE: 'aws' }).alerts.feed).toBe('poll');
  });

  it('read every variable', () => {
    const c = loadConfig({
      LOGLINE_PUBLIC_URL: 'https://logline.example.com/', LOGLINE_SLACK_ALLOWED_HOSTS: 'hooks.slack.com, Hooks.Example.org', LOGLINE_ALERTS_ALLOW_LOOPBACK_HTTP: '1',
      LOGLINE_ALERTS_FEED: 'poll', LOGLINE_ALERTS_POLL_SECONDS: '15', LOGLINE_ALERTS_POLL_LAG_SECONDS: '5',
      LOGLINE_STORM_THRESHOLD: '0', LOGLINE_STORM_THRESHOLDS: 'web:200,api:1000', LOGLINE_STORM_KEEP: '50',
    });
    expect(c.alerts).toEqual({ publicUrl: 'https://logline.example.com', allowedHosts: ['hooks.slack.com', 'hooks.example.org'], allowLoopbackHttp: true, feed: 'poll', pollSeconds: 15, pollLagSeconds: 5 });
    expect(c.storm).toMatchObject({ threshold: 0, perSource: { web: 200, api: 1000 }, keepPerSecond: 50 });
  });

  it('refuse bad values naming the variable', () => {
    expect(() => loadConfig({ LOGLINE_STORM_THRESHOLDS: 'web=lots' })).toThrow(/LOGLINE_STORM_THRESHOLDS must look like web:200/);
    expect(() => loadConfig({ LOGLINE_ALERTS_FEED: 'carrier-pigeon' })).toThrow(/LOGLINE_ALERTS_FEED/);
    expect(() => loadConfig({ LOGLINE_PUBLIC_URL: 'not a url' })).toThrow(/LOGLINE_PUBLIC_URL/);
    expect(() => loadConfig({ LOGLINE_STORM_THRESHOLD: '-1' })).toThrow(/LOGLINE_STORM_THRESHOLD/);
  });
});
