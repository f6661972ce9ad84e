import { ArnFormat, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** `arn:…:logs:<region>:<account>:log-group:<pattern>`; `/logline/*` covers every group under the prefix. */
export function logGroupArn(scope: IConstruct, namePattern: string): string {
  return Stack.of(scope).formatArn({ service: 'logs', resource: 'log-group', resourceName: namePattern, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
}

/** The log streams of the groups matching `namePattern` (CreateLogStream and PutLogEvents act on streams). */
export function logStreamArn(scope: IConstruct, namePattern: string): string {
  return logGroupArn(scope, `${namePattern}:log-stream:*`);
}

/**
 * `@connections` on one WebSocket stage for one HTTP verb: POST is PostToConnection, DELETE is
 * DeleteConnection, GET is GetConnection (`execute-api:ManageConnections` is scoped by the verb).
 */
export function manageConnectionsArn(scope: IConstruct, apiId: string, stageName: string, method: 'POST' | 'DELETE' | 'GET'): string {
  return Stack.of(scope).formatArn({ service: 'execute-api', resource: apiId, resourceName: `${stageName}/${method}/@connections/*`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
}

/** Log groups named `prefix…`, as an IAM pattern. */
export function prefixPattern(prefix: string): string {
  return `${prefix}*`;
}
