// The differential test: thousands of random filters run through the DuckDB SQL engine
// (compileToSql) and through the JS predicate (lib/query/predicate.ts) over the same events; the
// selected events must be identical. SEMANTICS.md is the contract both implement.
import fs from 'node:fs';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FieldValue, type LogEvent, toLogEvent } from '@/lib/events';
import { type Expr, printExpr, type Query } from '@/lib/query';
import { buildPredicate, PredicateError } from '@/lib/query/predicate';
import { tempDataDir } from '@/server/test-support/spawn-server';
import { DuckDbBackend } from '../backend';
import { HOT_COLUMNS } from '../schema';
import { compileToSql } from './compile';
import { genCond, genRawEvent, rng } from './differential-gen';
import { decodeRows } from './result';

const EVENTS = 2000;
const EXPRESSIONS = 3200;
const T0 = Date.UTC(2024, 0, 1);

/**
 * The event as the store keeps it, which is what SQL filters see: a text hot column holds any
 * scalar as text (server/store/duckdb/rows.ts). Wrong-typed values of numeric hot columns stay in
 * attrs and are read from there when the backend reports the field as mixed (hot-types.ts).
 */
function storedView(e: LogEvent): LogEvent {
  const fields: Record<string, FieldValue> = Object.create(null) as Record<string, FieldValue>;
  Object.assign(fields, e.fields);
  for (const h of HOT_COLUMNS) {
    const v = fields[h.field];
    if (h.type === 'VARCHAR' && v !== undefined && v !== null && typeof v !== 'string') fields[h.field] = String(v);
  }
  return { ...e, fields };
}

/** The numeric hot fields some event sent with another type, as DuckDbBackend.query passes them. */
function mixedHotFields(events: LogEvent[]): Set<string> {
  const out = new Set<string>();
  for (const h of HOT_COLUMNS) {
    if (h.type !== 'DOUBLE') continue;
    if (events.some((e) => e.fields[h.field] !== undefined && e.fields[h.field] !== null && typeof e.fields[h.field] !== 'number')) out.add(h.field);
  }
  return out;
}

/**
 * The compiled statement with its VARCHAR parameters written as SQL string literals: the same SQL
 * and result, and the whole test runs in two thirds of the time (a bound JSON path or pattern is
 * not a constant to DuckDB). Every 10th filter still runs with bound parameters.
 */
function inlineParams(sql: string, params: readonly unknown[]): string {
  return sql.replace(/\$(\d+)::VARCHAR/g, (m, d: string) => {
    const v = params[Number(d) - 1];
    if (typeof v !== 'string') throw new Error(`parameter ${m} is not a string`);
    return `'${v.replace(/'/g, "''")}'::VARCHAR`;
  });
}

function wrap(expr: Expr): Query {
  return {
    commands: [
      { kind: 'filter', expr },
      { kind: 'fields', items: [{ expr: { kind: 'field', path: ['eid'] } }] },
      { kind: 'limit', count: 10_000, any: false },
    ],
  };
}

interface Disagreement {
  expr: string;
  error?: string;
  onlySql: number[];
  onlyJs: number[];
}

describe('SQL engine vs JS predicate (differential)', () => {
  let backend: DuckDbBackend;
  let conns: DuckDBConnection[];
  let dataDir: string;
  const events: LogEvent[] = [];
  const eids: number[] = [];
  let mixed: Set<string>;

  beforeAll(async () => {
    dataDir = tempDataDir();
    backend = await DuckDbBackend.open({ dataDir, maxQueuedEvents: 100_000 });
    const r = rng(20240101);
    for (let i = 0; i < EVENTS; i++) {
      const raw = genRawEvent(r, i, T0 + i * 1000);
      const res = toLogEvent(raw, { receivedAt: T0 + i * 1000 + 5, defaultSource: i % 3 === 0 ? 'web' : 'api', stream: `s${i % 4}` });
      if (!res.ok) throw new Error(res.error);
      // Plain lines carry their id in the text only; give them the field so both sides can name them.
      if (typeof raw === 'string') res.event.fields.eid = i;
      events.push(res.event);
      eids.push(i);
    }
    await backend.append(events);
    mixed = mixedHotFields(events);
    expect([...mixed].sort()).toEqual(['duration_ms', 'status']);
    conns = [await backend.instance.connect(), await backend.instance.connect()];
  });

  afterAll(async () => {
    for (const c of conns ?? []) c.closeSync();
    await backend?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function sqlSelect(conn: DuckDBConnection, expr: Expr, bound: boolean): Promise<Set<number> | string> {
    let compiled;
    try {
      compiled = compileToSql(wrap(expr), { start: T0 - 1000, end: T0 + EVENTS * 1000 + 1000, now: T0 + EVENTS * 1000, mixedHotFields: mixed });
    } catch (error) {
      return `compile: ${(error as Error).message}`;
    }
    try {
      const reader = bound
        ? await conn.runAndReadAll(compiled.sql, compiled.params as DuckDBValue[])
        : await conn.runAndReadAll(inlineParams(compiled.sql, compiled.params));
      const rows = decodeRows(compiled, reader.getRows() as DuckDBValue[][]);
      return new Set(rows.map((row) => Number(row.eid)));
    } catch (error) {
      return `run: ${(error as Error).message.split('\n')[0]}`;
    }
  }

  function jsSelect(expr: Expr, stored: LogEvent[]): Set<number> | string {
    let pred;
    try {
      pred = buildPredicate(expr);
    } catch (error) {
      if (error instanceof PredicateError) return `compile: ${error.message}`;
      throw error;
    }
    const out = new Set<number>();
    for (let i = 0; i < stored.length; i++) if (pred(stored[i])) out.add(eids[i]);
    return out;
  }

  /**
   * Cases where the SQL engine departs from SEMANTICS.md, reported to its owner rather than worked
   * around (the random generator stays clear of them). `it.fails`: once the SQL side is fixed these
   * start failing — then delete them.
   */
  const KNOWN_DIVERGENCES: Array<[string, Expr, Record<string, FieldValue>]> = [
    // "Reads as a number" is the regex of SEMANTICS.md, whose \s is RE2's [\t\n\f\r ]; values.ts
    // numberFromText uses TRY_CAST, which also trims a vertical tab: "\v12" = 12 in SQL only.
    ['a vertical tab is not white space in a number', { kind: 'binary', op: '=', left: { kind: 'field', path: ['vt'] }, right: { kind: 'number', value: 12 } }, { vt: '\v12' }],
  ];
  for (const [name, expr, fields] of KNOWN_DIVERGENCES) {
    it.fails(`known SQL divergence: ${name} (${printExpr(expr)})`, async () => {
      const dir = tempDataDir();
      const b = await DuckDbBackend.open({ dataDir: dir, maxQueuedEvents: 10 });
      try {
        const res = toLogEvent({ eid: 1, timestamp: T0, ...fields }, { receivedAt: T0 });
        if (!res.ok) throw new Error(res.error);
        await b.append([res.event]);
        const compiled = compileToSql(wrap(expr), { start: T0 - 1, end: T0 + 1 });
        const reader = await b.conn.runAndReadAll(compiled.sql, compiled.params as DuckDBValue[]);
        const sqlKeeps = decodeRows(compiled, reader.getRows() as DuckDBValue[][]).length === 1;
        expect(sqlKeeps).toBe(buildPredicate(expr)(res.event));
      } finally {
        await b.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it(`selects the same events for ${EXPRESSIONS} random filters`, { timeout: 180_000 }, async () => {
    const stored = events.map(storedView);
    const r = rng(7);
    const exprs = Array.from({ length: EXPRESSIONS }, () => genCond(r, r() < 0.15 ? 3 : 2));
    const disagreements: Disagreement[] = [];
    const bothErrors = new Map<string, number>();
    let nonEmpty = 0;
    const check = async (conn: DuckDBConnection, expr: Expr, i: number) => {
      const sql = await sqlSelect(conn, expr, i % 10 === 0);
      const js = jsSelect(expr, stored);
      if (typeof sql === 'string' || typeof js === 'string') {
        if (typeof sql === 'string' && typeof js === 'string') {
          const kind = js.replace(/\/.*\/|"[^"]*"/g, '…').slice(0, 70);
          bothErrors.set(kind, (bothErrors.get(kind) ?? 0) + 1);
        } else disagreements.push({ expr: printExpr(expr), error: `sql: ${typeof sql === 'string' ? sql : 'ok'}; js: ${typeof js === 'string' ? js : 'ok'}`, onlySql: [], onlyJs: [] });
        return;
      }
      if (js.size > 0 && js.size < EVENTS) nonEmpty++;
      const onlySql = [...sql].filter((x) => !js.has(x));
      const onlyJs = [...js].filter((x) => !sql.has(x));
      if (onlySql.length || onlyJs.length) disagreements.push({ expr: printExpr(expr), onlySql: onlySql.slice(0, 5), onlyJs: onlyJs.slice(0, 5) });
    };
    // Two connections: DuckDB runs their statements in parallel.
    for (let i = 0; i < exprs.length; i += 2) {
      await Promise.all([check(conns[0], exprs[i], i), exprs[i + 1] ? check(conns[1], exprs[i + 1], i + 1) : undefined]);
    }
    const report = disagreements.slice(0, 15).map((d) => {
      const id = d.onlySql[0] ?? d.onlyJs[0];
      const ev = id === undefined ? '' : ` event ${id}: ${JSON.stringify({ message: events[id].message.slice(0, 200), fields: stored[id].fields })}`;
      return `${d.expr}\n  ${d.error ?? `only SQL: ${d.onlySql.join(',')} only JS: ${d.onlyJs.join(',')}`}\n ${ev}`;
    });
    const refused = [...bothErrors.values()].reduce((a, b) => a + b, 0);
    console.log(`differential: ${EXPRESSIONS} filters, ${disagreements.length} disagreements, ${refused} refused by both, ${nonEmpty} selective`);
    console.log([...bothErrors].map(([k, n]) => `  ${n}× ${k}`).join('\n'));
    expect(report).toEqual([]);
    // The generator must produce filters that actually discriminate.
    expect(nonEmpty).toBeGreaterThan(EXPRESSIONS / 3);
  });
});
