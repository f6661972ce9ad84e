import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/**
 * The Lambda entry points are bundled by esbuild (CDK NodejsFunction) with the `@/` alias: they
 * must not pull in Next.js or DuckDB (a native module, and the console's store), directly or
 * through a shared module.
 */
describe('Lambda bundles', () => {
  for (const entry of ['server/aws/lambda/ingest.ts', 'server/aws/lambda/consumer.ts']) {
    it(`${entry} bundles without Next.js or DuckDB`, async () => {
      const out = await build({
        entryPoints: [path.join(ROOT, entry)],
        absWorkingDir: ROOT,
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'esm',
        write: false,
        metafile: true,
        tsconfig: path.join(ROOT, 'tsconfig.json'),
        logLevel: 'silent',
      });
      const inputs = Object.keys(out.metafile.inputs);
      expect(inputs.length).toBeGreaterThan(10);
      expect(inputs.filter((i) => /node_modules\/(next|@duckdb|duckdb|react|next-auth)\//.test(i) || /server\/(meta|store\/duckdb|registry)/.test(i))).toEqual([]);
      const handler = await import(path.join(ROOT, entry));
      expect(typeof handler.handler).toBe('function');
    });
  }
});
