// Builds the SDK a user installs: dist/index.js (ESM, browsers and Node 18+), dist/logline.global.js
// (a <script> tag exposing window.Logline) and dist/index.d.ts. Run by `npm run build` at the repo root.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import * as esbuild from 'esbuild';

const here = import.meta.dirname;
const dist = path.join(here, 'dist');
const require = createRequire(import.meta.url);

fs.rmSync(dist, { recursive: true, force: true });
const common = { entryPoints: [path.join(here, 'src/index.ts')], bundle: true, target: ['es2020'], platform: 'neutral', legalComments: 'none', logLevel: 'warning' };
await esbuild.build({ ...common, format: 'esm', outfile: path.join(dist, 'index.js'), sourcemap: true });
await esbuild.build({ ...common, format: 'iife', globalName: 'Logline', outfile: path.join(dist, 'logline.global.js'), minify: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(here, 'tsconfig.json')], { stdio: 'inherit' });
const size = (f) => `${(fs.statSync(path.join(dist, f)).size / 1024).toFixed(1)} KB`;
console.log(`  SDK built: sdk/js/dist/index.js ${size('index.js')}, logline.global.js ${size('logline.global.js')} (minified)`);
