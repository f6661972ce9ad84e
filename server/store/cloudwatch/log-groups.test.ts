import { describe, expect, it } from 'vitest';
import { DEFAULT_LOG_GROUP_PREFIX as P, logGroupName, logStreamName, sourceOfLogGroup } from './log-groups';

describe('CloudWatch names', () => {
  it('puts each source in its own group under the prefix and reads it back', () => {
    expect(logGroupName(P, 'api')).toBe('/logline/api');
    expect(sourceOfLogGroup(P, '/logline/api')).toBe('api');
    expect(sourceOfLogGroup(P, '/aws/lambda/checkout')).toBeNull();
    expect(sourceOfLogGroup(P, '/logline/')).toBeNull();
  });

  it('replaces characters CloudWatch refuses', () => {
    expect(logGroupName(P, 'web app:1*')).toBe('/logline/web_app_1_');
    expect(logStreamName('i-123:web*')).toBe('i-123_web_');
    expect(logStreamName('')).toBe('default');
    expect(logGroupName(P, 'x'.repeat(600))).toHaveLength(512);
  });
});
