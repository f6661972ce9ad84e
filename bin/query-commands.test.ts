// The query commands of the CLI, run as a user runs them: `node bin/logline.mjs …`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toLogEvent } from '@/lib/events';
import { DuckDbBackend } from '@/server/store/duckdb/backend';
import { tempDataDir } from '@/server/test-support/spawn-server';

const CLI = path.resolve(import.meta.dirname, 'logline.mjs');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function logline(args: string[], input?: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, LOGLINE_URL: '', LOGLINE_TOKEN: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

describe('logline parse / explain / sql', () => {
  it('parse prints the canonical query, or its AST with --json', async () => {
    const r = await logline(['parse', 'filter level="error"|stats count(*) by route']);
    expect(r).toMatchObject({ code: 0, stdout: 'filter level = "error"\n| stats count(*) by route\n' });
    const j = await logline(['parse', '--json', '-'], 'fields @message');
    expect(j.code).toBe(0);
    expect(JSON.parse(j.stdout)).toEqual({ commands: [{ kind: 'fields', items: [{ expr: { kind: 'field', path: ['@message'] } }] }] });
  });

  it('parse exits 2 with line:col, the message and the line with a caret', async () => {
    const r = await logline(['parse', 'filter a = 1\n| stats count( by b']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const [first, line, caret] = r.stderr.split('\n');
    expect(first).toMatch(/^2:16: Unexpected 'by'/);
    expect(line).toBe('| stats count( by b');
    expect(caret).toBe(`${' '.repeat(15)}^`);
  });

  it('explain says what the query does', async () => {
    const r = await logline(['explain', 'filter level = "error" | stats count(*) by route, bin(1h) | sort count(*) desc']);
    expect(r).toMatchObject({ code: 0, stdout: 'Count events where level is error, per route, per hour, most first.\n' });
  });

  it('sql prints the compiled statement and its parameters; engine errors are positioned', async () => {
    const r = await logline(['sql', 'filter route like "checkout" | stats count(*) by route', '--since', '24h']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^WITH [\s\S]*FROM events[\s\S]*;\n-- \$1 = 'checkout'\n$/);
    const bad = await logline(['sql', 'stats count(*) by bin(5m) | filter nope(1)']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^1:36: unknown function nope\(\)/);
    const usage = await logline(['sql', 'fields a', '--since', 'yesterday']);
    expect(usage).toMatchObject({ code: 2, stderr: expect.stringMatching(/--since "yesterday" is not a period/) });
  });
});

describe('logline query', () => {
  const T = Date.UTC(2024, 4, 1, 12);
  let dataDir: string;

  beforeAll(async () => {
    dataDir = tempDataDir();
    const backend = await DuckDbBackend.open({ dataDir, maxQueuedEvents: 1000 });
    const raw = [
      { level: 'error', route: '/checkout', status: 500, msg: '=HYPERLINK("http://x")' },
      { level: 'info', route: '/checkout', status: 200, msg: 'ok' },
      { level: 'error', route: '/cart', status: 503, msg: '-1 items' },
    ];
    await backend.append(raw.map((r, i) => {
      const e = toLogEvent({ ...r, timestamp: T + i * 1000 }, { receivedAt: T + 5000, defaultSource: 'api' });
      if (!e.ok) throw new Error(e.error);
      return e.event;
    }));
    await backend.close();
  });

  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const range = ['--start', new Date(T - 60_000).toISOString(), '--end', new Date(T + 60_000).toISOString()];

  it('reads a stopped server\'s data directory: table, JSON and CSV', async () => {
    const q = 'filter level = "error" | stats count(*) as n by route | sort route asc';
    const table = await logline(['query', q, ...range, '--data-dir', dataDir]);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n').slice(0, 4)).toEqual(['route      n', '---------  -', '/cart      1', '/checkout  1']);
    expect(table.stdout).toMatch(/2 rows · 2 of 3 events matched/);

    const json = await logline(['query', q, ...range, '--data-dir', dataDir, '--format', 'json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ fields: ['route', 'n'], rows: [{ route: '/cart', n: 1 }, { route: '/checkout', n: 1 }] });

    const csv = await logline(['query', 'fields message, status | sort status asc', ...range, '--data-dir', dataDir, '--format', 'csv', '--source', 'api']);
    expect(csv.code).toBe(0);
    expect(csv.stdout).toBe('message,status\r\nok,200\r\n"\'=HYPERLINK(""http://x"")",500\r\n\'-1 items,503\r\n');
  });

  it('refuses the data directory while a server holds it, pointing to --url', async () => {
    const backend = await DuckDbBackend.open({ dataDir, maxQueuedEvents: 10 });
    try {
      const r = await logline(['query', 'fields @message', ...range, '--data-dir', dataDir]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/in use by a running Logline server[\s\S]*--url URL --token lt_/);
    } finally {
      await backend.close();
    }
  });

  it('asks a running server over HTTP with a personal token', async () => {
    const seen: Array<{ auth?: string; body: unknown }> = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        const parsed = JSON.parse(body) as { query: string };
        seen.push({ auth: req.headers.authorization, body: parsed });
        res.setHeader('content-type', 'application/json');
        if (req.url !== '/api/query' || req.method !== 'POST') {
          res.statusCode = 404;
          res.end('{}');
        } else if (parsed.query.includes('oops')) {
          res.statusCode = 400;
          res.end(JSON.stringify({ error: 'oops is not available here', kind: 'invalid', line: 1, column: 8, excerpt: 'fields oops\n       ^' }));
        } else {
          res.end(JSON.stringify({ status: 'Complete', fields: ['level', 'c'], rows: [{ level: 'error', c: 2 }], statistics: { recordsMatched: 2, recordsScanned: 3, bytesScanned: 10 } }));
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const r = await logline(['query', 'stats count(*) as c by level', '--since', '24h', '--source', 'api,web'], undefined, { LOGLINE_URL: url, LOGLINE_TOKEN: 'lt_test' });
      expect(r).toMatchObject({ code: 0, stdout: expect.stringMatching(/^level  c\n-----  -\nerror  2\n/) });
      expect(seen[0].auth).toBe('Bearer lt_test');
      expect(seen[0].body).toMatchObject({ query: 'stats count(*) as c by level', sources: ['api', 'web'] });
      const { start, end } = seen[0].body as { start: number; end: number };
      expect(end - start).toBe(24 * 3_600_000);

      const bad = await logline(['query', 'fields oops', '--url', url, '--token', 'lt_x']);
      expect(bad).toMatchObject({ code: 2, stderr: '1:8: oops is not available here\nfields oops\n       ^\n' });
    } finally {
      server.close();
    }
    const noToken = await logline(['query', 'fields a']);
    expect(noToken).toMatchObject({ code: 2, stderr: expect.stringMatching(/pass --token/) });
  });
});
