import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OutputFormat, SourceMapMode, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';

/** The repository root: the Lambda entries, tsconfig.json (the `@/` alias) and the lock file live there. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * How every function is bundled: the repo's own esbuild, never Docker. NodejsFunction silently
 * falls back to a Docker build when it cannot find esbuild, so the app checks first and stops
 * with a message instead (there is no Docker on our machines, and a Docker build would also
 * fetch an image from the network).
 *
 * `@aws-sdk/*` is bundled rather than taken from the Lambda runtime: the runtime's copy is
 * whatever version AWS ships that month, while the bundle holds the exact 3.1169.0 the tests
 * ran against; esbuild also keeps only the clients a handler imports, so the zip stays small.
 */
export const BUNDLING: BundlingOptions = {
  forceDockerBundling: false,
  bundleAwsSDK: true,
  minify: true,
  sourceMap: true,
  sourceMapMode: SourceMapMode.DEFAULT,
  sourcesContent: false,
  format: OutputFormat.ESM,
  // Prefer ESM builds of dependencies; CommonJS ones still work through the require shim below.
  mainFields: ['module', 'main'],
  banner: "import{createRequire as __cr}from'module';const require=__cr(import.meta.url);",
  tsconfig: path.join(REPO_ROOT, 'tsconfig.json'),
};

/** Lambda reads the .map files only with this flag; stack traces then point at our .ts lines. */
export const SOURCE_MAP_ENV = { NODE_OPTIONS: '--enable-source-maps' } as const;

export function assertLocalEsbuild(): string {
  try {
    const require = createRequire(path.join(REPO_ROOT, 'package.json'));
    const version = (require('esbuild/package.json') as { version: string }).version;
    if (!version.startsWith('0.')) throw new Error(`esbuild ${version} is not a 0.x release`);
    return version;
  } catch (err) {
    throw new Error(
      `The Logline stack bundles its Lambdas with the local esbuild and never with Docker, but esbuild could not be loaded (${(err as Error).message}). Run \`npm ci\` in ${REPO_ROOT} and try again.`,
    );
  }
}
