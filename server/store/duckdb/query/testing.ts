// Test support for the query engine's *.int.test.ts files: a real DuckDB store in a temp dir,
// events made by the real pipeline (toLogEvent), and a query runner that parses QL text.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { toLogEvent, type LogEvent } from '@/lib/events';
import { parse } from '@/lib/query';
import type { QueryResult, ResultValue } from '../../query-result';
import { DuckDbBackend } from '../backend';

/** 2024-03-04 00:00:00 UTC, a Monday: fixtures are placed relative to it. */
export const T0 = Date.UTC(2024, 2, 4);
export const MIN = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

export interface Fixture {
  /** Milliseconds after T0 (or after the base given to makeEvents). */
  at: number;
  /** A JSON object (structured event) or a text line. */
  body: Record<string, unknown> | string;
  source?: string;
  stream?: string;
}

export function makeEvents(fixtures: readonly Fixture[], defaults: { source: string; stream?: string; base?: number }): LogEvent[] {
  return fixtures.map((f) => {
    const ts = (defaults.base ?? T0) + f.at;
    const ctx = { source: f.source ?? defaults.source, stream: f.stream ?? defaults.stream, receivedAt: ts };
    const raw = typeof f.body === 'string' ? f.body : { timestamp: ts, ...f.body };
    const r = toLogEvent(raw, ctx, typeof f.body === 'string' ? undefined : JSON.stringify(f.body));
    if (!r.ok) throw new Error(`bad fixture: ${r.error}`);
    return r.event;
  });
}

export async function openStore(): Promise<{ backend: DuckDbBackend; dir: string; close: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logline-query-'));
  const backend = await DuckDbBackend.open({ dataDir: dir, maxQueuedEvents: 1_000_000 });
  return {
    backend,
    dir,
    close: async () => {
      await backend.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Parses and runs QL text; throws with the parser's message on a syntax error. */
export async function runText(backend: DuckDbBackend, text: string, range: { start: number; end: number }, sources?: string[]): Promise<QueryResult> {
  const parsed = parse(text);
  if (!parsed.ok) throw new Error(`${parsed.error.message} at ${parsed.error.line}:${parsed.error.column}\n${parsed.error.excerpt}`);
  return backend.query(parsed.query, range, sources);
}

/** One column of a result. */
export const col = (r: QueryResult, name: string): ResultValue[] => r.rows.map((row) => row[name] ?? null);

/** Rows reduced to the given columns, as tuples (easy to compare with toEqual). */
export const tuples = (r: QueryResult, ...names: string[]): ResultValue[][] => r.rows.map((row) => names.map((n) => row[n] ?? null));
