import { describe, expect, it } from 'vitest';
import { connectRefusal, targetFromConnectInfo } from './connect';

const page = { protocol: 'https:', host: 'logs.example.com' };

describe('where the page connects', () => {
  it('uses the console socket in local mode', () => {
    expect(targetFromConnectInfo({ mode: 'local', url: '/ws/tail' }, page)).toEqual({ url: 'wss://logs.example.com/ws/tail', apiGateway: false });
    expect(targetFromConnectInfo({ mode: 'local', url: '/ws/tail' }, { protocol: 'http:', host: 'localhost:3000' })).toMatchObject({ url: 'ws://localhost:3000/ws/tail' });
  });

  it('opens API Gateway with the token in AWS mode, escaped', () => {
    const t = targetFromConnectInfo({ mode: 'aws', url: 'wss://abc.execute-api.eu-west-1.amazonaws.com/live', token: 'v1.a+b/c.d', expiresAt: 0 }, page);
    expect(t).toEqual({ url: 'wss://abc.execute-api.eu-west-1.amazonaws.com/live?token=v1.a%2Bb%2Fc.d', apiGateway: true });
  });

  it('refuses a socket URL that is not wss, and says why when live tail is not deployed', () => {
    expect(targetFromConnectInfo({ mode: 'aws', url: 'http://evil.example.com/x', token: 't', expiresAt: 0 }, page)).toMatchObject({ fatal: true, error: expect.stringMatching(/wss:\/\//) });
    expect(targetFromConnectInfo({ mode: 'aws', url: 'not a url', token: 't', expiresAt: 0 }, page)).toMatchObject({ fatal: true });
    expect(targetFromConnectInfo({ mode: 'aws', url: null, reason: 'needs LOGLINE_TAIL_WS_URL' }, page)).toEqual({ error: 'needs LOGLINE_TAIL_WS_URL', fatal: true });
  });

  it('stops when signed out or not allowed, retries on other answers', () => {
    expect(connectRefusal(401, undefined)).toMatchObject({ fatal: true, error: expect.stringMatching(/sign in again/) });
    expect(connectRefusal(403, 'This needs the developer role')).toEqual({ error: 'This needs the developer role', fatal: true });
    expect(connectRefusal(502, undefined)).toMatchObject({ fatal: false });
  });
});
