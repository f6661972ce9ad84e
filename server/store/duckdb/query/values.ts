// Dynamically typed values in SQL. A compiled expression (`Val`) carries a static type; a field
// whose type is only known per event (`json`) is carried as its JSON text (`200`, `"200"`,
// `true`) so the comparison rules of SEMANTICS.md can tell a number from a string that reads as
// one. Conversions below are the only place those representations are interpreted.
import { NUMBER_TEXT, num } from './sql';

/**
 * num: DOUBLE (or BIGINT for system times); str: VARCHAR; bool: BOOLEAN;
 * json: a JSON scalar or structure as text, NULL when missing (attrs values, json paths);
 * struct: a JSON object or array from jsonParse/split (maps and lists: null for string, number
 * and date functions, and false in comparisons — reference §4).
 */
export type VType = 'num' | 'str' | 'bool' | 'json' | 'struct';

export interface Val {
  sql: string;
  t: VType;
  /** An epoch-ms timestamp: printed as `YYYY-MM-DD HH:MM:SS.mmm` in results. */
  time?: boolean;
  /** The constant, when the value is a literal (lets comparisons specialize at compile time). */
  lit?: string | number | boolean;
  /** A `parse … logfmt` map: `sql` is the source line, members are looked up by key. */
  logfmt?: true;
}

export const SQL_TYPE: Record<VType, string> = { num: 'DOUBLE', str: 'VARCHAR', bool: 'BOOLEAN', json: 'VARCHAR', struct: 'VARCHAR' };

export function nullOf(t: VType): Val {
  return { sql: `CAST(NULL AS ${SQL_TYPE[t]})`, t };
}

/** A number's shortest text (`200`, not `200.0`), as JS prints it for integers. */
export function fmtNum(x: string): string {
  return `CASE WHEN ${x} = trunc(${x}) AND abs(${x}) < 1e15 THEN CAST(CAST(${x} AS BIGINT) AS VARCHAR) ELSE CAST(${x} AS VARCHAR) END`;
}

/** Our own constant text (digits, signs, dots): safe as a SQL literal. */
function safeLiteral(s: string): string {
  if (!/^[-+.\w]*$/.test(s)) throw new Error(`not a safe literal: ${s}`);
  return `'${s}'`;
}

/** The value as text: numbers in shortest form, booleans as true/false, structures as null. */
export function text(v: Val): string {
  if (v.lit !== undefined && typeof v.lit !== 'string') return safeLiteral(String(v.lit));
  switch (v.t) {
    case 'str':
      return v.sql;
    case 'num':
      return fmtNum(v.sql);
    case 'bool':
      return `CASE WHEN ${v.sql} THEN 'true' WHEN NOT ${v.sql} THEN 'false' END`;
    case 'json':
      return `CASE WHEN left(${v.sql}, 1) = '"' THEN json_extract_string(${v.sql}, '$') ` +
        `WHEN left(${v.sql}, 1) IN ('{', '[') THEN NULL WHEN ${v.sql} IN ('true', 'false') THEN ${v.sql} ` +
        `ELSE ${fmtNum(`TRY_CAST(${v.sql} AS DOUBLE)`)} END`;
    case 'struct':
      return 'CAST(NULL AS VARCHAR)';
  }
}

/**
 * A string's number when it reads as one (SEMANTICS.md: `^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$`),
 * else NULL — without a regex per row (3× slower in parse + stats): DuckDB's DOUBLE cast accepts
 * exactly that grammar plus a leading `+`, digit separators `_`, and inf/nan, which are excluded
 * here. NUMBER_TEXT_RE stays the reference; the differential test holds the two together.
 */
function numberFromText(s: string): string {
  const cast = `TRY_CAST(${s} AS DOUBLE)`;
  return `CASE WHEN isfinite(${cast}) AND NOT contains(${s}, '_') AND NOT contains(replace(replace(${s}, 'e+', ''), 'E+', ''), '+') ` +
    `THEN ${cast} END`;
}

/** The value as a number when it is one or is a string that reads as one; NULL otherwise. */
export function readsNum(v: Val): string {
  if (v.lit !== undefined) {
    if (typeof v.lit === 'number') return num(v.lit);
    if (typeof v.lit === 'string' && NUMBER_TEXT.test(v.lit)) return num(Number(v.lit));
    return 'CAST(NULL AS DOUBLE)';
  }
  switch (v.t) {
    case 'num':
      return v.sql;
    case 'str':
      return numberFromText(v.sql);
    case 'json':
      return `CASE WHEN left(${v.sql}, 1) = '"' THEN ${numberFromText(`json_extract_string(${v.sql}, '$')`)} ` +
        `ELSE TRY_CAST(${v.sql} AS DOUBLE) END`;
    default:
      return 'CAST(NULL AS DOUBLE)';
  }
}

/** The value when it is a number (not a numeric string); NULL otherwise. */
export function numOnly(v: Val): string {
  if (v.t === 'num') return v.sql;
  if (v.t === 'json') return `TRY_CAST(${v.sql} AS DOUBLE)`;
  return 'CAST(NULL AS DOUBLE)';
}

/** Whether the value is a number: a static answer when the type says so, else SQL. */
export function isNum(v: Val): boolean | string {
  if (v.t === 'num') return true;
  if (v.t === 'json') return `(TRY_CAST(${v.sql} AS DOUBLE) IS NOT NULL)`;
  return false;
}

/** Whether the value reads as a number (a number, or a string that reads as one). */
export function readsAsNum(v: Val): boolean | string {
  if (v.t === 'num') return true;
  if (v.lit !== undefined) return typeof v.lit === 'number' || (typeof v.lit === 'string' && NUMBER_TEXT.test(v.lit));
  if (v.t === 'bool' || v.t === 'struct') return false;
  return `(${readsNum(v)} IS NOT NULL)`;
}

/** The value as JSON text (the `json` representation). */
export function toJson(v: Val): string {
  switch (v.t) {
    case 'json':
    case 'struct':
      return v.sql;
    case 'num':
      return fmtNum(v.sql);
    case 'str':
      return `to_json(${v.sql})::VARCHAR`;
    case 'bool':
      return text(v);
  }
}

/** The value as a filter condition. Non-booleans: a non-zero number or the text `true`. */
export function truthy(v: Val): string {
  switch (v.t) {
    case 'bool':
      return v.sql;
    case 'num':
      return `(${v.sql} <> 0)`;
    case 'struct':
      return `(${v.sql} IS NOT NULL AND FALSE)`;
    default:
      return `(coalesce(${readsNum(v)} <> 0, lower(${text(v)}) = 'true'))`;
  }
}

/** One type for several values that end up in one column (CASE branches, coalesce). */
export function unify(vals: Val[]): { t: VType; sqls: string[]; time: boolean } {
  const t0 = vals[0]?.t ?? 'json';
  const time = vals.every((v) => v.time);
  if (vals.every((v) => v.t === t0)) return { t: t0, sqls: vals.map((v) => v.sql), time };
  return { t: 'json', sqls: vals.map(toJson), time: false };
}
