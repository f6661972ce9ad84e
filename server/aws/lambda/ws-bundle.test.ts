import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/**
 * The live-tail WebSocket Lambdas bundle on their own with esbuild (as infra/ bundles them, `@/`
 * resolved to the repository root) and pull in nothing of the console: no Next.js, React or DuckDB.
 */
describe.each(['ws-connect', 'ws-disconnect', 'ws-message'])('%s Lambda bundle', (name) => {
  it('bundles without the console', async () => {
    const out = await build({
      entryPoints: [path.join(ROOT, `server/aws/lambda/${name}.ts`)],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      alias: { '@': ROOT },
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(out.metafile.inputs);
    expect(inputs.filter((i) => /node_modules\/(next|react|react-dom|@duckdb|next-auth)\//.test(i))).toEqual([]);
    expect(inputs.filter((i) => /server\/(registry|store\/duckdb|meta)\b/.test(i))).toEqual([]);
    expect(inputs).toContain('server/tail/aws/ws-handlers.ts');
    expect(out.outputFiles[0].text).toMatch(/export\s*\{[^}]*handler/);
  });
});
