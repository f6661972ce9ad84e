// CloudWatch Logs API errors as the QueryEngineErrors the query routes answer
// (engineErrorResponse): what the user should do next, never a bare SDK message.
import { QueryEngineError } from '../duckdb/query/errors';
import { spanAt, type PreparedQuery } from './insights-request';

interface AwsErrorLike {
  $metadata?: { httpStatusCode?: number };
  name?: string;
  message?: string;
  code?: string;
  $fault?: 'client' | 'server';
  $retryable?: { throttling?: boolean };
  queryCompileError?: { location?: { startCharOffset?: number }; message?: string };
}

const asAws = (e: unknown): AwsErrorLike => (typeof e === 'object' && e !== null ? (e as AwsErrorLike) : { message: String(e) });

export function awsErrorName(error: unknown): string {
  return asAws(error).name ?? '';
}

/** The account's concurrent-query quota (LimitExceeded) or the API rate (Throttling): wait and retry. */
export function isQuotaError(error: unknown): boolean {
  const e = asAws(error);
  return e.name === 'LimitExceededException' || e.name === 'ThrottlingException' || e.name === 'TooManyRequestsException' || e.$retryable?.throttling === true;
}

const NETWORK = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);
const CREDENTIALS = new Set(['UnrecognizedClientException', 'InvalidSignatureException', 'ExpiredTokenException', 'IncompleteSignatureException', 'InvalidClientTokenId', 'AccessDeniedException', 'AccessDenied']);

export interface ErrorContext {
  /** Where the console talks to CloudWatch: "eu-west-1" or an endpoint URL. */
  where: string;
  prepared?: PreparedQuery;
}

/**
 * The user-facing error for a CloudWatch failure, or null when it is none we know (a bug:
 * the route answers 500 and logs it).
 */
export function fromAwsError(error: unknown, ctx: ErrorContext): QueryEngineError | null {
  const e = asAws(error);
  const name = e.name ?? '';
  const message = (e.message ?? '').split('\n')[0];
  switch (name) {
    case 'MalformedQueryException': {
      const at = e.queryCompileError?.location?.startCharOffset;
      const span = ctx.prepared && at !== undefined ? spanAt(ctx.prepared, at) : undefined;
      return new QueryEngineError('invalid', `CloudWatch Logs Insights cannot run this query: ${e.queryCompileError?.message ?? message}`, span);
    }
    case 'InvalidParameterException':
      return new QueryEngineError('invalid', `CloudWatch Logs refused the request: ${message}`);
    case 'ResourceNotFoundException':
      return new QueryEngineError('invalid', `a log group of the chosen sources does not exist (${message}); pick other sources, or wait until events for them have been stored`);
    case 'LimitExceededException':
      return new QueryEngineError('throttled', 'the AWS account is running as many Logs Insights queries as its quota allows (other tools and dashboards count too); try again shortly', undefined, 15);
    case 'CredentialsProviderError':
      return new QueryEngineError('unavailable', `the console found no AWS credentials (${message}); give it a role, or set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY`, undefined, 60);
    default:
      break;
  }
  if (isQuotaError(error)) {
    return new QueryEngineError('throttled', 'CloudWatch Logs is throttling this account\'s requests; try again shortly', undefined, 5);
  }
  if (CREDENTIALS.has(name)) {
    return new QueryEngineError('unavailable', `CloudWatch Logs (${ctx.where}) refused the console's AWS credentials: ${message}. The console's role needs logs:StartQuery, logs:GetQueryResults, logs:StopQuery, logs:DescribeLogGroups, logs:DescribeLogStreams and logs:GetLogGroupFields`, undefined, 60);
  }
  if (/region is missing/i.test(message)) {
    return new QueryEngineError('unavailable', 'no AWS region is configured; set AWS_REGION (or a profile with a region)', undefined, 60);
  }
  if ((e.code && NETWORK.has(e.code)) || name === 'TimeoutError' || name === 'RequestTimeout' || /ECONNREFUSED|ENOTFOUND|socket hang up|timed? ?out/i.test(message)) {
    return new QueryEngineError('unavailable', `CloudWatch Logs is unreachable at ${ctx.where} (${message || name}); check the network, AWS_REGION and LOGLINE_AWS_ENDPOINT`, undefined, 10);
  }
  if (e.$fault === 'server' || name === 'ServiceUnavailableException' || name === 'InternalServerException') {
    return new QueryEngineError('unavailable', `CloudWatch Logs is having trouble (${name}: ${message}); try again shortly`, undefined, 10);
  }
  const status = e.$metadata?.httpStatusCode ?? 0;
  if (status >= 500) {
    // An answer the SDK could not read (a proxy's error page, a stand-in without the API).
    return new QueryEngineError('unavailable', `CloudWatch Logs at ${ctx.where} answered HTTP ${status}; try again shortly`, undefined, 10);
  }
  return null;
}

/** fromAwsError, or the error itself when it is not one we know. */
export function toEngineError(error: unknown, ctx: ErrorContext): unknown {
  if (awsErrorName(error) === 'QueryEngineError') return error;
  return fromAwsError(error, ctx) ?? error;
}
