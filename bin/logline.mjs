#!/usr/bin/env node
// The `logline` CLI. TypeScript sources run through tsx, with the repo's tsconfig wherever it is called from.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.env.NEXT_TELEMETRY_DISABLED ??= '1';
register({ tsconfig: path.join(root, 'tsconfig.json') });
const { main } = await import('./cli.ts');
process.exitCode = await main(process.argv.slice(2));
