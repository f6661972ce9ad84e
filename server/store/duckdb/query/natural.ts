// The reference's sort order ("natural sort", CWL_QuerySyntax-Sort): non-number values before
// number values; within text, runs of digits compare by length, then value; other characters by
// code point. Missing values sort last in both directions (our choice; the docs are silent).
import type { Span } from '@/lib/query';
import { invalid } from './errors';
import { readsNum, text, type Val } from './values';

/**
 * A text key whose byte order is the natural order: each digit run becomes '0', its length in
 * five digits, then the digits. The marker is a digit itself, so a run still compares with the
 * surrounding non-digit characters as its own first digit would. Text without digits is its own key.
 */
export function naturalKey(s: string): string {
  const chunks = `regexp_extract_all(${s}, '[0-9]+|[^0-9]+')`;
  const encoded = `array_to_string(list_transform(${chunks}, ch -> CASE WHEN regexp_matches(ch, '^[0-9]') ` +
    `THEN '0' || lpad(CAST(length(ch) AS VARCHAR), 5, '0') || ch ELSE ch END), '')`;
  return `CASE WHEN regexp_matches(${s}, '[0-9]') THEN ${encoded} ELSE ${s} END`;
}

export interface SortKeyParts {
  /** Expressions to materialize as columns, in order. */
  exprs: string[];
  /** ORDER BY terms over those columns (`$0`, `$1` stand for their names). */
  terms: (cols: string[]) => string[];
}

/** ORDER BY parts for one sort key in natural order. */
export function sortKey(v: Val, desc: boolean, span?: Span): SortKeyParts {
  const dir = desc ? 'DESC' : 'ASC';
  if (v.t === 'struct') throw invalid('maps and lists cannot be sorted (jsonParse results): sort by one of their members', span);
  if (v.t === 'num') return { exprs: [v.sql], terms: ([k]) => [`${k} ${dir} NULLS LAST`] };
  const t = text(v);
  return {
    exprs: [`${v.sql} IS NULL`, readsNum(v), naturalKey(t)],
    // Missing last; then non-numbers before numbers (reversed when descending), numbers by value.
    terms: ([isNull, n, s]) => [`${isNull} ASC`, `(${n} IS NOT NULL) ${dir}`, `${n} ${dir}`, `${s} ${dir}`],
  };
}
