/**
 * `npm run bench:query`: the local query engine (parse + compile + run + statistics, through
 * DuckDbBackend.query) next to the best hand-written DuckDB SQL for the same answer, on 5 000 000
 * generated events. Median of 5 runs after one warm-up, the two sides taking turns; both get the
 * rows and the counts the engine reports (matched and scanned), so the comparison is answer for answer.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DuckDBValue } from '@duckdb/node-api';
import { parse } from '@/lib/query';
import { DuckDbBackend } from '@/server/store/duckdb/backend';
import { DATA_END, DATA_START, generateEvents } from './query-data';
import { percentile, table } from './stats';

const EVENTS = Number(process.env.EVENTS ?? 5_000_000);
const RUNS = Number(process.env.RUNS ?? 5);
const WEEK = 7 * 86_400_000;
const LAST_WEEK = { start: DATA_END - WEEK, end: DATA_END - 1 };
const ALL = { start: DATA_START, end: DATA_END - 1 };
const between = (r: { start: number; end: number }) => `ts BETWEEN ${r.start} AND ${r.end}`;
/** Monday-aligned week start, as bin(1w) computes it. */
const weekOf = '(ts - (((ts - 345600000) % 604800000) + 604800000) % 604800000)';

interface Case {
  name: string;
  ql: string;
  range: { start: number; end: number };
  /** Hand-written statements for the same answer (rows, then counts). */
  sql: string[];
}

const CASES: Case[] = [
  { name: 'count by level, last week', ql: 'stats count(*) by level', range: LAST_WEEK,
    sql: [`SELECT level, count(*), sum(count(*)) OVER () FROM events WHERE ${between(LAST_WEEK)} GROUP BY level ORDER BY level`,
      `SELECT count(*) FROM events WHERE ${between(LAST_WEEK)}`] },
  { name: 'weekly counts per feature', ql: 'filter event = "feature_used" | stats count(*) as n by bin(1w), feature', range: ALL,
    sql: [`SELECT ${weekOf} AS w, feature, count(*), sum(count(*)) OVER () FROM events WHERE ${between(ALL)} AND event = 'feature_used' GROUP BY 1, 2 ORDER BY 1, 2`,
      `SELECT count(*) FROM events WHERE ${between(ALL)}`] },
  { name: 'unique users per week', ql: 'stats count_distinct(user.id) as users by bin(1w)', range: ALL,
    sql: [`SELECT ${weekOf} AS w, count(DISTINCT user_id), sum(count(*)) OVER () FROM events WHERE ${between(ALL)} GROUP BY 1 ORDER BY 1`,
      `SELECT count(*) FROM events WHERE ${between(ALL)}`] },
  { name: 'substring search, newest 100', ql: 'filter @message like "Exception" | sort @timestamp desc | limit 100', range: LAST_WEEK,
    sql: [`SELECT * FROM events WHERE ${between(LAST_WEEK)} AND contains(message, 'Exception') ORDER BY ts DESC LIMIT 100`,
      `SELECT count(*) FROM events WHERE ${between(LAST_WEEK)} AND contains(message, 'Exception')`,
      `SELECT count(*) FROM events WHERE ${between(LAST_WEEK)}`] },
  { name: 'regex search, count per day', ql: 'filter @message =~ /timeout after \\d{4}ms/ | stats count(*) as n by bin(1d)', range: LAST_WEEK,
    sql: [`SELECT ts - ts % 86400000 AS d, count(*), sum(count(*)) OVER () FROM events WHERE ${between(LAST_WEEK)} AND regexp_matches(message, 'timeout after \\d{4}ms') GROUP BY 1 ORDER BY 1`,
      `SELECT count(*) FROM events WHERE ${between(LAST_WEEK)}`] },
  { name: 'p95 duration by route', ql: 'stats pct(duration_ms, 95) as p95 by route', range: ALL,
    sql: [`SELECT route, quantile_disc(duration_ms, 0.95), sum(count(*)) OVER () FROM events WHERE ${between(ALL)} GROUP BY route ORDER BY route`,
      `SELECT count(*) FROM events WHERE ${between(ALL)}`] },
  { name: 'top 10 users by events', ql: 'stats count(*) as n by user.id | sort n desc | limit 10', range: ALL,
    sql: [`SELECT user_id, count(*) AS n, sum(count(*)) OVER () FROM events WHERE ${between(ALL)} GROUP BY user_id ORDER BY n DESC LIMIT 10`,
      `SELECT count(*) FROM events WHERE ${between(ALL)}`] },
  { name: 'group by attrs field (plan), last week', ql: 'stats count(*) as n by plan', range: LAST_WEEK,
    sql: [`SELECT attrs->>'plan' AS plan, count(*), sum(count(*)) OVER () FROM events WHERE ${between(LAST_WEEK)} GROUP BY 1 ORDER BY 1`,
      `SELECT count(*) FROM events WHERE ${between(LAST_WEEK)}`] },
  { name: 'filter on attrs + hot field', ql: 'filter plan = "team" and level = "error" | stats count(*) as n by route', range: ALL,
    sql: [`SELECT route, count(*), sum(count(*)) OVER () FROM events WHERE ${between(ALL)} AND level = 'error' AND (attrs->>'plan') = 'team' GROUP BY 1 ORDER BY 1`,
      `SELECT count(*) FROM events WHERE ${between(ALL)}`] },
  { name: 'parse + stats', ql: 'filter level = "error" | parse @message "timeout after *ms for user *" as ms, uid | stats avg(ms) as avgMs, count(*) as n by bin(1d)', range: ALL,
    sql: [`SELECT ts - ts % 86400000 AS d, avg(TRY_CAST(regexp_extract(message, 'timeout after (.*?)ms for user (.*)', ['ms', 'uid']).ms AS DOUBLE)), count(*), sum(count(*)) OVER () ` +
      `FROM events WHERE ${between(ALL)} AND level = 'error' GROUP BY 1 ORDER BY 1`,
      `SELECT count(*) FROM events WHERE ${between(ALL)}`] },
];

/**
 * Medians of `fns`, run in turns (one warm-up round first) and in a rotating order, so a busy
 * moment on the shared machine hits both sides alike.
 */
async function medians(runs: number, fns: Array<() => Promise<unknown>>): Promise<number[]> {
  for (const fn of fns) await fn();
  const times: number[][] = fns.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (let j = 0; j < fns.length; j++) {
      const k = (i + j) % fns.length;
      const t = performance.now();
      await fns[k]();
      times[k].push(performance.now() - t);
    }
  }
  return times.map((ts) => percentile([...ts].sort((a, b) => a - b), 50));
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logline-bench-query-'));
const backend = await DuckDbBackend.open({ dataDir: dir, maxQueuedEvents: 1000 });
try {
  const t = performance.now();
  await generateEvents(backend.conn, EVENTS);
  await backend.conn.run('CHECKPOINT');
  console.log(`generated ${EVENTS.toLocaleString('en-US')} events in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const conn = await backend.instance.connect();
  const rows: Record<string, string | number>[] = [];
  for (const c of CASES) {
    const parsed = parse(c.ql);
    if (!parsed.ok) throw new Error(`${c.name}: ${parsed.error.message}`);
    let engineRows = 0;
    let handRows = 0;
    const [engine, hand] = await medians(RUNS, [
      async () => {
        engineRows = (await backend.query(parsed.query, c.range)).rows.length;
      },
      async () => {
        const [first, ...rest] = c.sql;
        handRows = (await conn.runAndReadAll(first)).currentRowCount;
        for (const s of rest) await conn.runAndReadAll(s, [] as DuckDBValue[]);
      },
    ]);
    rows.push({ query: c.name, 'engine ms': Math.round(engine), 'hand-written ms': Math.round(hand), ratio: Number((engine / hand).toFixed(2)), rows: engineRows === handRows ? engineRows : `${engineRows} vs ${handRows}` });
  }
  conn.closeSync();
  console.log(`\nQuery benchmark — ${EVENTS.toLocaleString('en-US')} events, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, median of ${RUNS}\n`);
  console.log(table(rows));
  const slow = rows.filter((r) => Number(r.ratio) > 1.25 || Number(r['engine ms']) > 300);
  console.log(slow.length ? `\nover goal (≤ 1.25× hand-written and < 300 ms): ${slow.map((r) => r.query).join('; ')}` : '\nall queries within goal');
} finally {
  await backend.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
