import { parseArgs } from 'node:util';
import { ingestCommand } from './ingest';

const USAGE = `logline — a log console for product teams

Usage:
  logline start [--dev]                       start the console (builds it first when needed)
  logline ingest [FILE|-] --key KEY [--url URL] [--source NAME] [--batch N]
                                              send NDJSON or a JSON array to a running Logline
  logline parse <query>                       (with the query engine)
  logline sql <query>                         (with the query engine)
  logline explain <query>                     (with the query engine)
  logline query <query> --since 24h           (with the query engine)

Environment: see README.md ("Configuration").`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start': {
      const { values } = parseArgs({ args: rest, options: { dev: { type: 'boolean', default: false } } });
      if (!values.dev) (await import('./build')).ensureBuilt();
      await (await import('../server')).startServer({ dev: values.dev });
      return 0;
    }
    case 'ingest':
      return ingestCommand(rest);
    case 'parse':
    case 'sql':
    case 'explain':
    case 'query':
      console.error(`logline ${command}: the query engine is not part of this build yet.`);
      return 2;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      console.error(`logline: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}
