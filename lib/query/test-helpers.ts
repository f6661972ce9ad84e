// Helpers shared by the lib/query tests (not used by production code).
import type { Command, Expr, Query, Span } from './ast';
import type { QueryError } from './errors';
import { parse } from './parser';
import { print } from './printer';
import { stripSpans } from './walk';

/** Parses or throws with the positioned message (tests want the message on failure). */
export function mustParse(text: string): Query {
  const r = parse(text);
  if (!r.ok) throw new Error(`${r.error.message} at ${r.error.line}:${r.error.column}\n${r.error.excerpt}`);
  return r.query;
}

export function mustFail(text: string): QueryError {
  const r = parse(text);
  if (r.ok) throw new Error(`expected an error, got: ${print(r.query)}`);
  return r.error;
}

/** The span-free AST of a query. */
export const ast = (text: string): Query => stripSpans(mustParse(text));
/** The span-free first command. */
export const cmd = (text: string): Command => ast(text).commands[0];
/** The span-free expression of `filter <text>`. */
export function expr(text: string): Expr {
  const c = cmd(`filter ${text}`);
  if (c.kind !== 'filter') throw new Error('not a filter');
  return c.expr;
}

/**
 * The round-trip contract. Returns null when it holds, else a description of what broke.
 * Cheap enough for the fuzz loop (string comparison of the span-free JSON).
 */
export function roundTripProblem(query: Query): string | null {
  const printed = print(query);
  const again = parse(printed);
  if (!again.ok) return `printed text does not parse: ${again.error.message}\n${printed}`;
  const reprinted = print(again.query);
  if (reprinted !== printed) return `print is not stable:\n${printed}\n---\n${reprinted}`;
  if (!astEqual(query, again.query)) {
    return `AST changed through print/parse:\n${printed}\n${sortedJson(stripSpans(query))}\n${sortedJson(stripSpans(again.query))}`;
  }
  return null;
}

/**
 * Deep equality that ignores `span` properties and key order, without copying (fast enough for
 * the fuzz loop). Same meaning as `expect(stripSpans(a)).toStrictEqual(stripSpans(b))`.
 */
export function astEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => astEqual(x, b[i]));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  let count = 0;
  for (const k in ra) {
    if (k === 'span') continue;
    count++;
    if (!Object.hasOwn(rb, k) || !astEqual(ra[k], rb[k])) return false;
  }
  for (const k in rb) if (k !== 'span') count--;
  return count === 0;
}

/** JSON with object keys sorted (option order in the source must not matter); -0 stays -0. */
export function sortedJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${sortedJson(x)}`).join(',')}}`;
  }
  return Object.is(v, -0) ? '-0' : JSON.stringify(v);
}

/** Every span lies inside the text and is well-ordered. Iterative: trees can be deep. */
export function spanProblem(query: Query, length: number): string | null {
  const stack: unknown[] = [query];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    const span = (node as { span?: Span }).span;
    if (span && !(span.start >= 0 && span.start <= span.end && span.end <= length)) {
      return `bad span ${JSON.stringify(span)} (length ${length})`;
    }
    for (const v of Object.values(node)) stack.push(v);
  }
  return null;
}

/** Splits insights-samples.txt: entries separated by `----` lines, header comments removed. */
export function splitSamples(text: string): Array<{ meaning: string; query: string }> {
  return text
    .split(/^----\s*$/m)
    .map((entry) => {
      const lines = entry.replace(/^\n+/, '').split('\n');
      const meaning = lines.find((l) => l.startsWith('# meaning:'))?.slice('# meaning:'.length).trim() ?? '';
      const query = lines.filter((l) => !/^# (source|meaning):/.test(l)).join('\n').trim();
      return { meaning, query };
    })
    .filter((s) => s.query !== '');
}
