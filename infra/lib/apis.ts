import { Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration, WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

/** The ingest edge's paths, the same as the console's own (`/api/ingest`, OTLP `/v1/logs`). */
export const INGEST_PATHS = ['/api/ingest', '/v1/logs'] as const;

/**
 * Each path takes POST (events) and OPTIONS (CORS preflights), both answered by the Lambda
 * (server/aws/http-api.ts), which checks the origin against LOGLINE_CORS_ORIGINS.
 */
export const INGEST_METHODS = [apigw.HttpMethod.POST, apigw.HttpMethod.OPTIONS] as const;

export interface IngestApiProps {
  readonly handler: lambda.IFunction;
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/**
 * HTTP API (payload v2) in front of the ingest Lambda: POST and OPTIONS on both paths, stage
 * throttling. No `corsPreflight` here on purpose: with it API Gateway answers every OPTIONS
 * itself (never reaching the Lambda) and overwrites the Lambda's CORS headers on the answers, so
 * the origin list and the 403 for other origins would be API Gateway's, not Logline's.
 * Query strings reach the Lambda as they are (payload v2 `rawQueryString`: a beacon's `?key=`).
 */
export class IngestApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;

  constructor(scope: Construct, id: string, props: IngestApiProps) {
    super(scope, id);
    this.api = new apigw.HttpApi(this, 'Api', {
      apiName: `${Stack.of(this).stackName}-ingest`,
      description: 'Logline ingest: POST /api/ingest and /v1/logs, CORS preflights answered by the Lambda',
      // Our own $default stage below carries the throttling; the built-in one cannot.
      createDefaultStage: false,
    });
    const integration = new HttpLambdaIntegration('Ingest', props.handler, { payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0 });
    for (const path of INGEST_PATHS) this.api.addRoutes({ path, methods: [...INGEST_METHODS], integration });
    this.stage = new apigw.HttpStage(this, 'Stage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
    });
  }

  /** `https://<id>.execute-api.<region>.amazonaws.com/`, the base URL producers post to. */
  get url(): string {
    return this.stage.url;
  }
}

export interface TailApiProps {
  readonly connect: lambda.IFunction;
  readonly disconnect: lambda.IFunction;
  readonly message: lambda.IFunction;
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/** The API Gateway WebSocket API browsers live-tail from; the consumer posts to its connections. */
export class TailApi extends Construct {
  static readonly STAGE = 'live';
  readonly api: apigw.WebSocketApi;
  readonly stage: apigw.WebSocketStage;

  constructor(scope: Construct, id: string, props: TailApiProps) {
    super(scope, id);
    this.api = new apigw.WebSocketApi(this, 'Api', {
      apiName: `${Stack.of(this).stackName}-tail`,
      description: 'Logline live tail fan-out',
      connectRouteOptions: { integration: new WebSocketLambdaIntegration('Connect', props.connect) },
      disconnectRouteOptions: { integration: new WebSocketLambdaIntegration('Disconnect', props.disconnect) },
      defaultRouteOptions: { integration: new WebSocketLambdaIntegration('Message', props.message) },
    });
    this.stage = new apigw.WebSocketStage(this, 'Stage', {
      webSocketApi: this.api,
      stageName: TailApi.STAGE,
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
    });
  }
}
