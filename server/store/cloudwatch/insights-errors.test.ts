import { AccessDeniedException, InvalidParameterException, LimitExceededException, ServiceUnavailableException } from '@aws-sdk/client-cloudwatch-logs';
import { describe, expect, it } from 'vitest';
import { fromAwsError } from './insights-errors';

const ctx = { where: 'eu-west-1' };
const meta = { $metadata: {} };

describe('CloudWatch errors as answers the user can act on', () => {
  it.each([
    [new InvalidParameterException({ message: 'time range too large', ...meta }), 'invalid', /refused the request: time range too large/],
    [new LimitExceededException({ message: 'max concurrent', ...meta }), 'throttled', /quota allows/],
    [new AccessDeniedException({ message: 'not authorized to perform logs:StartQuery', ...meta }), 'unavailable', /refused the console's AWS credentials.*logs:StartQuery/],
    [new ServiceUnavailableException({ message: 'down', ...meta }), 'unavailable', /having trouble/],
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), { code: 'ECONNREFUSED' }), 'unavailable', /unreachable at eu-west-1/],
    [Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }), 'unavailable', /no AWS credentials/],
    [new Error('Region is missing'), 'unavailable', /set AWS_REGION/],
    [Object.assign(new SyntaxError('Unexpected token <'), { $metadata: { httpStatusCode: 502 } }), 'unavailable', /answered HTTP 502/],
  ])('%s', (error, kind, message) => {
    expect(fromAwsError(error, ctx)).toMatchObject({ kind, message: expect.stringMatching(message) });
  });

  it('anything else is not ours to explain (the route logs it and answers 500)', () => {
    expect(fromAwsError(new TypeError('x is undefined'), ctx)).toBeNull();
  });
});
