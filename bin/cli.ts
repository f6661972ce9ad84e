import { parseArgs } from 'node:util';
import { ingestCommand } from './ingest';

const USAGE = `logline — a log console for product teams

Usage:
  logline start [--dev]                       start the console (builds it first when needed)
  logline ingest [FILE|-] --key KEY [--url URL] [--source NAME] [--batch N]
                                              send NDJSON or a JSON array to a running Logline
  logline parse [--json] <query>              print the canonical query (or its AST); exit 2 on a syntax error
  logline sql <query> [--since 1h]            print the DuckDB SQL the local engine runs
  logline explain <query>                     say what the query does, in plain English
  logline query <query> [--since 24h | --start ISO [--end ISO]] [--source NAME …]
                [--format table|json|csv] [--url URL --token lt_… | --data-dir DIR]
                                              run a query on a server (LOGLINE_URL, LOGLINE_TOKEN)
                                              or on a stopped server's data directory
  logline worker [--queue-url URL] [--pollers 4] [--visibility-timeout 120] [--stats-interval 60]
                                              AWS mode: consume the ingest queue into CloudWatch Logs

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
      return (await import('./query-commands')).queryCommand(command, rest);
    case 'worker':
      return (await import('./worker')).workerCommand(rest);
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
