import path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { BUNDLING, REPO_ROOT, SOURCE_MAP_ENV } from './bundling';

/**
 * Node 22: nodejs20.x reached Lambda's deprecation on 2026-04-30 and stops accepting updates on
 * 2026-09-30, while nodejs22.x is supported until 2027-04-30. Our code needs nothing newer than
 * Node 20 (what the console runs), so 22 is the safe step up.
 */
export const RUNTIME = lambda.Runtime.NODEJS_22_X;

export interface LoglineFunctionProps {
  /** Entry file under the repo root, e.g. `server/aws/lambda/ingest.ts`; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly memoryMb: number;
  readonly timeout: Duration;
  readonly environment: Record<string, string>;
  readonly logRetentionDays: number;
}

/**
 * One Lambda the way Logline deploys them all: arm64, bundled by the local esbuild, its own log
 * group with retention (not the implicit /aws/lambda one, which never expires), and its own role
 * holding no managed policy: callers add exactly the statements the handler needs.
 */
export class LoglineFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: LoglineFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetentionDays as logs.RetentionDays,
      // The function's own diagnostics: they go with the stack.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Logline ${id} Lambda: only what its handler calls`,
    });
    // What AWSLambdaBasicExecutionRole would give, scoped to this function's log group instead of *.
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'OwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    this.fn = new NodejsFunction(this, 'Function', {
      entry: path.join(REPO_ROOT, props.entry),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      runtime: RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memoryMb,
      timeout: props.timeout,
      description: props.description,
      environment: { ...props.environment, ...SOURCE_MAP_ENV },
      role: this.role,
      logGroup: this.logGroup,
      bundling: BUNDLING,
    });
  }

  /** Adds one least-privilege statement to this function's role. */
  allow(sid: string, actions: string[], resources: string[]): void {
    this.role.addToPolicy(new iam.PolicyStatement({ sid, actions, resources }));
  }
}
