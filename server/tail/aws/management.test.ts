import { describe, expect, it } from 'vitest';
import { wsDepsFromEnv } from './lambda-deps';
import { managementEndpoint } from './management';

describe('the @connections endpoint', () => {
  it('is the WebSocket stage URL over https', () => {
    expect(managementEndpoint('wss://abc123.execute-api.eu-west-1.amazonaws.com/live')).toBe('https://abc123.execute-api.eu-west-1.amazonaws.com/live');
    expect(managementEndpoint('wss://abc123.execute-api.eu-west-1.amazonaws.com/live/')).toBe('https://abc123.execute-api.eu-west-1.amazonaws.com/live');
  });

  it('refuses a URL without a stage or not a WebSocket URL', () => {
    expect(() => managementEndpoint('wss://abc123.execute-api.eu-west-1.amazonaws.com')).toThrow(/must name the stage/);
    expect(() => managementEndpoint('https://abc123.execute-api.eu-west-1.amazonaws.com/live')).toThrow(/wss:\/\//);
  });
});

describe('WebSocket Lambda settings', () => {
  it('name what is missing', () => {
    expect(() => wsDepsFromEnv({})).toThrow(/LOGLINE_CONNECTIONS_TABLE/);
    expect(wsDepsFromEnv({ LOGLINE_CONNECTIONS_TABLE: 'logline-connections', AWS_REGION: 'eu-west-1' }).store.table).toBe('logline-connections');
  });
});
