// `logline parse | sql | explain | query`: the query language from the command line.
//   parse [--json] <query>     the canonical query (or its AST); exit 2 with line:col on a syntax error
//   sql <query>                the DuckDB SQL the local engine runs
//   explain <query>            the query in plain English
//   query <query> [--since 24h | --start ISO [--end ISO]] [--source NAME …] [--format table|json|csv]
//         [--url URL --token lt_… | --data-dir DIR]
// The query comes from the arguments, or from stdin when it is `-` or missing.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse, print, type Query, stripSpans } from '@/lib/query';
import { ParseFailure, toQueryError } from '@/lib/query/errors';
import { explain } from '@/lib/query/explain';
import type { QueryResult } from '@/server/store/query-result';
import { formatQueryError, formatResult, type OutputFormat, timeRange } from './query-output';

type Out = { code: number };

const RANGE_OPTIONS = {
  since: { type: 'string' },
  start: { type: 'string' },
  end: { type: 'string' },
  source: { type: 'string', multiple: true },
} as const;

function fail(message: string, code = 2): number {
  console.error(message);
  return code;
}

async function readQuery(positionals: string[]): Promise<string> {
  if (positionals.length > 0 && !(positionals.length === 1 && positionals[0] === '-')) return positionals.join(' ');
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses the query text or prints the positioned error (exit 2). */
async function parsed(command: string, positionals: string[]): Promise<{ text: string; query: Query } | Out> {
  const text = await readQuery(positionals);
  if (text.trim() === '') return { code: fail(`logline ${command}: give a query, e.g. logline ${command} 'filter level = "error" | stats count(*) by route'`) };
  const r = parse(text);
  if (!r.ok) return { code: fail(formatQueryError(r.error)) };
  return { text, query: r.query };
}

function sources(list: string[] | undefined): string[] | undefined {
  const out = (list ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  return out.length ? out : undefined;
}

/** Engine errors carry a span: print them like syntax errors. */
function engineError(text: string, error: unknown): number {
  const e = error as { code?: unknown; message?: string; span?: { start: number; end: number } };
  if (e?.code !== 'LOGLINE_QUERY_ERROR') throw error;
  const message = e.message ?? 'the query cannot run';
  return fail(e.span ? formatQueryError(toQueryError(text, new ParseFailure(message, e.span.start, e.span.end))) : message);
}

export async function queryCommand(command: 'parse' | 'sql' | 'explain' | 'query', args: string[]): Promise<number> {
  try {
    switch (command) {
      case 'parse':
        return await parseCommand(args);
      case 'explain': {
        const p = await parsed('explain', parseArgs({ args, allowPositionals: true, options: {} }).positionals);
        if ('code' in p) return p.code;
        console.log(explain(p.query));
        return 0;
      }
      case 'sql':
        return await sqlCommand(args);
      case 'query':
        return await runCommand(args);
    }
  } catch (error) {
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) return fail(`logline ${command}: ${error.message}`);
    throw error;
  }
}

async function parseCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
  const p = await parsed('parse', positionals);
  if ('code' in p) return p.code;
  console.log(values.json ? JSON.stringify(stripSpans(p.query), null, 2) : print(p.query));
  return 0;
}

async function sqlCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: RANGE_OPTIONS });
  const range = timeRange(values);
  if (typeof range === 'string') return fail(`logline sql: ${range}`);
  const p = await parsed('sql', positionals);
  if ('code' in p) return p.code;
  const { compileToSql } = await import('@/server/store/duckdb/query/compile');
  try {
    const compiled = compileToSql(p.query, { ...range, sources: sources(values.source) });
    console.log(`${compiled.sql};`);
    compiled.params.forEach((v, i) => console.log(`-- $${i + 1} = ${typeof v === 'string' ? `'${v.replace(/'/g, "''")}'` : String(v)}`));
    return 0;
  } catch (error) {
    return engineError(p.text, error);
  }
}

async function runCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...RANGE_OPTIONS,
      format: { type: 'string', default: 'table' },
      url: { type: 'string' },
      token: { type: 'string' },
      'data-dir': { type: 'string' },
    },
  });
  const format = values.format as OutputFormat;
  if (!['table', 'json', 'csv'].includes(format)) return fail(`logline query: --format is table, json or csv, not ${JSON.stringify(values.format)}`);
  const range = timeRange(values);
  if (typeof range === 'string') return fail(`logline query: ${range}`);
  const dataDir = values['data-dir'];
  if (dataDir !== undefined && (values.url !== undefined || values.token !== undefined)) {
    return fail('logline query: use either --data-dir (a stopped server\'s data) or --url/--token (a running server), not both');
  }
  const p = await parsed('query', positionals);
  if ('code' in p) return p.code;
  const srcs = sources(values.source);
  let result: QueryResult | Out;
  if (dataDir !== undefined) result = await queryFiles(dataDir, p, range, srcs);
  else {
    const url = values.url ?? process.env.LOGLINE_URL ?? 'http://localhost:3000';
    const token = values.token ?? process.env.LOGLINE_TOKEN;
    if (!token) return fail('logline query: pass --token (a personal token, lt_…, from Settings) or set LOGLINE_TOKEN; or read a stopped server\'s data with --data-dir DIR');
    result = await queryHttp(url, token, p.text, range, srcs);
  }
  if ('code' in result) return result.code;
  process.stdout.write(formatResult(result, format));
  return 0;
}

async function queryHttp(url: string, token: string, text: string, range: { start: number; end: number }, srcs?: string[]): Promise<QueryResult | Out> {
  const target = new URL('/api/query', url).toString();
  let res: Response;
  try {
    res = await fetch(target, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: text, start: range.start, end: range.end, ...(srcs ? { sources: srcs } : {}) }),
    });
  } catch (error) {
    const why = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    return { code: fail(`logline query: cannot reach Logline at ${url} (${why}). Start it with \`logline start\`, or read its data directory with --data-dir while it is stopped.`, 1) };
  }
  const body = (await res.json().catch(() => ({}))) as Partial<QueryResult> & { error?: string; line?: number; column?: number; excerpt?: string };
  if (res.ok && Array.isArray(body.rows) && Array.isArray(body.fields)) return body as QueryResult;
  if (res.status === 400 && body.line !== undefined && body.column !== undefined) {
    return { code: fail(formatQueryError({ line: body.line, column: body.column, message: body.error ?? 'invalid query', excerpt: body.excerpt ?? '' })) };
  }
  if (res.status === 401 || res.status === 403) {
    return { code: fail(`logline query: ${res.status === 401 ? 'the token was not accepted' : 'this token may not run ad-hoc queries (developer role needed)'}: ${body.error ?? res.statusText}`, 1) };
  }
  return { code: fail(`logline query: the server answered ${res.status}: ${body.error ?? res.statusText}`, res.status === 400 ? 2 : 1) };
}

/** Reads the DuckDB file directly — only possible while no server holds it. */
async function queryFiles(dataDir: string, p: { text: string; query: Query }, range: { start: number; end: number }, srcs?: string[]): Promise<QueryResult | Out> {
  const { DB_FILE } = await import('@/server/store/duckdb/backend');
  const file = path.join(dataDir, DB_FILE);
  if (!fs.existsSync(file)) return { code: fail(`logline query: no Logline data in ${dataDir} (${DB_FILE} is missing)`, 1) };
  const { DuckDBInstance } = await import('@duckdb/node-api');
  let instance;
  try {
    instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/lock/i.test(message)) {
      return { code: fail(`logline query: ${file} is in use by a running Logline server, which owns it. Query the server instead: logline query … --url URL --token lt_… (or set LOGLINE_URL and LOGLINE_TOKEN).`, 1) };
    }
    throw error;
  }
  try {
    const { runQuery } = await import('@/server/store/duckdb/query/execute');
    const { HotTypeTracker } = await import('@/server/store/duckdb/query/hot-types');
    const mixedHotFields = await new HotTypeTracker().fields(instance);
    return await runQuery(instance, p.query, { ...range, sources: srcs, mixedHotFields });
  } catch (error) {
    return { code: engineError(p.text, error) };
  } finally {
    instance.closeSync();
  }
}
