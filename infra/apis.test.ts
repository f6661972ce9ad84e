import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logicalId, removeAssembly, render, synthLogline, type Synthesized } from './test-support';

/** The two API Gateway APIs; the template does not depend on the bundles, so esbuild is skipped. */
let synth: Synthesized;
type Cfn = { Type: string; Properties: Record<string, unknown> };
let resources: [string, Cfn][];

afterAll(() => removeAssembly(synth));

beforeAll(() => {
  synth = synthLogline({}, { bundle: false });
  resources = Object.entries(synth.template.toJSON().Resources as Record<string, Cfn>);
});

const ofType = (type: string) => resources.filter(([, r]) => r.Type === type);
const byId = (id: string) => resources.find(([k]) => k === id)?.[1];

/** The function an API Gateway integration invokes, by logical id. */
function integratedFunction(integration: Cfn): string {
  const uri = render(integration.Properties.IntegrationUri);
  const match = /\$\{(\w+)\.Arn\}/.exec(uri);
  if (!match) throw new Error(`integration does not target a function: ${uri}`);
  return match[1];
}

function routesOf(apiId: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [, route] of ofType('AWS::ApiGatewayV2::Route')) {
    if ((route.Properties.ApiId as { Ref: string }).Ref !== apiId) continue;
    const target = /^integrations\/\$\{(\w+)\}$/.exec(render(route.Properties.Target));
    if (!target) throw new Error(`route without an integration: ${String(route.Properties.RouteKey)}`);
    const integration = byId(target[1]);
    if (!integration) throw new Error(`missing integration ${target[1]}`);
    out[route.Properties.RouteKey as string] = integratedFunction(integration);
  }
  return out;
}

describe('ingest HTTP API', () => {
  it('routes exactly POST and OPTIONS on /api/ingest and /v1/logs to the ingest Lambda, payload v2', () => {
    const apiId = logicalId(synth.stack, synth.stack.ingestApi.api);
    const ingest = logicalId(synth.stack, synth.stack.functions.ingest.fn);
    expect(byId(apiId)?.Properties.ProtocolType).toBe('HTTP');
    expect(routesOf(apiId)).toEqual({ 'POST /api/ingest': ingest, 'OPTIONS /api/ingest': ingest, 'POST /v1/logs': ingest, 'OPTIONS /v1/logs': ingest });
    const integrations = ofType('AWS::ApiGatewayV2::Integration').filter(([, i]) => (i.Properties.ApiId as { Ref: string }).Ref === apiId);
    expect(integrations).toHaveLength(1);
    // A plain proxy: no parameter mapping, so headers and the query string (a beacon's ?key=)
    // reach the Lambda as the client sent them.
    expect(integrations[0][1].Properties).toEqual({ ApiId: { Ref: apiId }, IntegrationType: 'AWS_PROXY', IntegrationUri: expect.anything(), PayloadFormatVersion: '2.0' });
  });

  it('leaves CORS to the Lambda: no API Gateway CORS, which would answer preflights itself and drop the Lambda\'s headers', () => {
    const apiId = logicalId(synth.stack, synth.stack.ingestApi.api);
    expect(byId(apiId)?.Properties.CorsConfiguration).toBeUndefined();
    const env = (byId(logicalId(synth.stack, synth.stack.functions.ingest.fn))?.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env.LOGLINE_CORS_ORIGINS).toBe('*');
  });

  it('throttles its $default stage (500 requests/s, burst 1000)', () => {
    const apiId = logicalId(synth.stack, synth.stack.ingestApi.api);
    const stages = ofType('AWS::ApiGatewayV2::Stage').filter(([, s]) => (s.Properties.ApiId as { Ref: string }).Ref === apiId);
    expect(stages).toHaveLength(1);
    expect(stages[0][1].Properties).toMatchObject({ StageName: '$default', AutoDeploy: true, DefaultRouteSettings: { ThrottlingRateLimit: 500, ThrottlingBurstLimit: 1000 } });
  });

  it('lets API Gateway invoke the ingest Lambda on both paths only (one permission per route)', () => {
    const ingest = logicalId(synth.stack, synth.stack.functions.ingest.fn);
    const sources = ofType('AWS::Lambda::Permission')
      .filter(([, p]) => render(p.Properties.FunctionName) === `\${${ingest}.Arn}`)
      .map(([, p]) => render(p.Properties.SourceArn).replace(/^.*:\$\{\w+\}/, ''))
      .sort();
    expect(sources).toEqual(['/*/*/api/ingest', '/*/*/api/ingest', '/*/*/v1/logs', '/*/*/v1/logs']);
  });
});

describe('live-tail WebSocket API', () => {
  it('routes $connect, $disconnect and $default to their own handlers', () => {
    const apiId = logicalId(synth.stack, synth.stack.tail.api);
    const f = synth.stack.functions;
    expect(byId(apiId)?.Properties).toMatchObject({ ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' });
    expect(routesOf(apiId)).toEqual({
      $connect: logicalId(synth.stack, f.wsConnect.fn),
      $disconnect: logicalId(synth.stack, f.wsDisconnect.fn),
      $default: logicalId(synth.stack, f.wsMessage.fn),
    });
  });

  it('deploys a throttled "live" stage, the one the consumer posts to', () => {
    const apiId = logicalId(synth.stack, synth.stack.tail.api);
    const stages = ofType('AWS::ApiGatewayV2::Stage').filter(([, s]) => (s.Properties.ApiId as { Ref: string }).Ref === apiId);
    expect(stages).toHaveLength(1);
    expect(stages[0][1].Properties).toMatchObject({ StageName: 'live', AutoDeploy: true, DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 } });
  });
});
