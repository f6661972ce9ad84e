import type { LogEvent } from '@/lib/events';
import { compileFilterQuery } from '@/lib/query/predicate';

/** Compiles a filter to a predicate, or says where it is wrong. */
export type FilterCompiler = (filter: string) => { ok: true; predicate: ((e: LogEvent) => boolean) | null } | { ok: false; message: string; line?: number; column?: number };

/** Live-tail filters are QL filter expressions, compiled once to a JS predicate (lib/query). */
export const compileTailFilter: FilterCompiler = (filter) => {
  if (filter.trim() === '') return { ok: true, predicate: null };
  const r = compileFilterQuery(filter);
  if (r.ok) return { ok: true, predicate: r.predicate };
  return { ok: false, message: r.error.message, line: r.error.line, column: r.error.column };
};
