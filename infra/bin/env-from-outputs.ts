/**
 * Prints the console's .env block from `cdk deploy --outputs-file` (npm run infra:env).
 * Usage: tsx infra/bin/env-from-outputs.ts [outputs.json] [stack name]
 */
import { readFileSync } from 'node:fs';
import { envBlock } from '../lib/outputs';

const [file = 'infra/outputs.json', stack = 'Logline'] = process.argv.slice(2);
try {
  process.stdout.write(envBlock(JSON.parse(readFileSync(file, 'utf8')), stack));
} catch (err) {
  const e = err as NodeJS.ErrnoException;
  console.error(e.code === 'ENOENT' ? `${file} does not exist: run \`npm run infra:deploy\` first (it writes the outputs there).` : e.message);
  process.exit(1);
}
