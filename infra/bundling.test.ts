import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoglineFunction } from './lib/logline-function';
import { logicalId } from './test-support';

/**
 * The stack's bundling options on a probe entry that imports through the `@/` alias and uses an
 * AWS SDK client (the placeholder handlers import neither). Bundled once with the local esbuild,
 * then the bundle is run by a plain Node process, as Lambda would load it.
 */
let outdir: string;
let dir: string;
let code: string;

beforeAll(() => {
  outdir = mkdtempSync(path.join(os.tmpdir(), 'logline-probe-'));
  const app = new App({ outdir, analyticsReporting: false });
  const stack = new Stack(app, 'Probe');
  const probe = new LoglineFunction(stack, 'Probe', {
    entry: 'infra/test-fixtures/bundle-probe.ts',
    description: 'bundling probe',
    memoryMb: 128,
    timeout: Duration.seconds(3),
    environment: {},
    logRetentionDays: 1,
  });
  const key = (Template.fromStack(stack).toJSON().Resources[logicalId(stack, probe.fn)].Properties.Code as { S3Key: string }).S3Key;
  dir = path.join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
  code = readFileSync(path.join(dir, 'index.mjs'), 'utf8');
});

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('Lambda bundling with the local esbuild', () => {
  it('writes an ES module and its source map, nothing else', () => {
    expect(readdirSync(dir).sort()).toEqual(['index.mjs', 'index.mjs.map']);
  });

  it('resolves the @/ alias from tsconfig.json to the repo file', () => {
    const map = JSON.parse(readFileSync(path.join(dir, 'index.mjs.map'), 'utf8')) as { sources: string[]; sourcesContent?: unknown };
    expect(map.sources.some((s) => s.endsWith('server/store/cloudwatch/log-groups.ts'))).toBe(true);
    expect(/["']@\//.test(code), 'an @/ import survived bundling').toBe(false);
    // Sources stay out of the map: it only has to point stack traces at our lines.
    expect(map.sourcesContent).toBeUndefined();
  });

  it('bundles @aws-sdk/* instead of importing the runtime copy', () => {
    const map = JSON.parse(readFileSync(path.join(dir, 'index.mjs.map'), 'utf8')) as { sources: string[] };
    expect(map.sources.some((s) => s.includes('node_modules/@aws-sdk/client-sqs/'))).toBe(true);
    // (The SDK's own error messages mention `require("@aws-sdk/…")`; only real imports count.)
    expect(/(?:\bfrom|\bimport\s*\()\s*["']@aws-sdk\//.test(code), 'the bundle imports @aws-sdk at run time').toBe(false);
  });

  it('is minified', () => {
    expect(code.includes('function logGroupName'), 'source identifiers survived').toBe(false);
    const lines = code.split('\n').length;
    expect(statSync(path.join(dir, 'index.mjs')).size / lines).toBeGreaterThan(1000);
  });

  it('runs on plain Node: the handler answers with the aliased module and the bundled SDK client', () => {
    const script = `import(${JSON.stringify(pathToFileURL(path.join(dir, 'index.mjs')).href)}).then((m) => m.handler()).then((r) => process.stdout.write(JSON.stringify(r)))`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ group: '/logline/web_app', service: 'SQS' });
  });
});
