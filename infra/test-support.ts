/** Synthesizes the stack for the infra tests the way `cdk synth` does: cdk.json's feature flags plus context. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App, CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { REPO_ROOT } from './lib/bundling';
import { LoglineStack } from './lib/logline-stack';
import { settingsFromContext } from './lib/settings';

export interface Synthesized {
  stack: LoglineStack;
  template: Template;
  assembly: CloudAssembly;
  outdir: string;
}

const cdkJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'infra/cdk.json'), 'utf8')) as { context: Record<string, unknown> };

/**
 * `bundle: false` skips esbuild (CDK's own `aws:cdk:bundling-stacks` switch) for tests that only
 * read the template; the bundling assertions synthesize with it on.
 */
/** Removes a synthesized assembly (bundles included) from the temp directory. */
export function removeAssembly(synth: Synthesized | undefined): void {
  if (synth) rmSync(synth.outdir, { recursive: true, force: true });
}

export function synthLogline(context: Record<string, unknown> = {}, { bundle = true } = {}): Synthesized {
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'logline-cdk-'));
  const app = new App({
    outdir,
    analyticsReporting: false,
    context: { ...cdkJson.context, ...context, ...(bundle ? {} : { 'aws:cdk:bundling-stacks': [] }) },
  });
  const settings = settingsFromContext((key) => app.node.tryGetContext(key));
  const stack = new LoglineStack(app, settings.stackName, { settings });
  const template = Template.fromStack(stack);
  return { stack, template, assembly: app.synth(), outdir };
}

/** Logical id of the CloudFormation resource behind a construct (a Table, a Queue, a Role…). */
export function logicalId(stack: Stack, construct: { node: { defaultChild?: unknown } }): string {
  const child = construct.node.defaultChild;
  if (!(child instanceof CfnElement)) throw new Error('construct has no default CloudFormation resource');
  return stack.getLogicalId(child);
}

/**
 * Renders a CloudFormation value as readable text so statements compare as plain strings:
 * `{Ref: AWS::Region}` → `${AWS::Region}`, `{Ref: X}` → `${X}`, `{Fn::GetAtt: [X, Arn]}` → `${X.Arn}`,
 * `{Fn::Join: ['', parts]}` → the parts joined.
 */
export function render(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v.Ref === 'string') return `\${${v.Ref}}`;
    if (Array.isArray(v['Fn::GetAtt'])) return `\${${(v['Fn::GetAtt'] as string[]).join('.')}}`;
    if (Array.isArray(v['Fn::Join'])) {
      const [sep, parts] = v['Fn::Join'] as [string, unknown[]];
      return parts.map(render).join(sep);
    }
  }
  throw new Error(`cannot render ${JSON.stringify(value)}`);
}
