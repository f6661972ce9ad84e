import { Duration, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration, WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

/** The ingest edge's paths, the same as the console's own (`/api/ingest`, OTLP `/v1/logs`). */
export const INGEST_PATHS = ['/api/ingest', '/v1/logs'] as const;

/** Headers browsers and OTLP exporters send with ingest requests (see README "Sending logs"). */
const INGEST_HEADERS = ['authorization', 'content-type', 'content-encoding', 'x-api-key', 'x-logline-source', 'x-logline-stream'];

export interface IngestApiProps {
  readonly handler: lambda.IFunction;
  readonly corsOrigins: readonly string[];
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/** HTTP API (payload v2) in front of the ingest Lambda: two POST routes, CORS, stage throttling. */
export class IngestApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;

  constructor(scope: Construct, id: string, props: IngestApiProps) {
    super(scope, id);
    this.api = new apigw.HttpApi(this, 'Api', {
      apiName: `${Stack.of(this).stackName}-ingest`,
      description: 'Logline ingest: POST /api/ingest and /v1/logs',
      // Our own $default stage below carries the throttling; the built-in one cannot.
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [...props.corsOrigins],
        allowMethods: [apigw.CorsHttpMethod.POST, apigw.CorsHttpMethod.OPTIONS],
        allowHeaders: INGEST_HEADERS,
        exposeHeaders: ['retry-after'],
        maxAge: Duration.hours(1),
        // Ingest authenticates with API keys in headers, never cookies.
        allowCredentials: false,
      },
    });
    const integration = new HttpLambdaIntegration('Ingest', props.handler, { payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0 });
    for (const path of INGEST_PATHS) this.api.addRoutes({ path, methods: [apigw.HttpMethod.POST], integration });
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
