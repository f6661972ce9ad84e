// SQL text building blocks. The one rule: user text never becomes SQL text. Strings (literals,
// regexes, JSON paths, source names) are bound parameters; numbers are rendered from finite JS
// numbers; identifiers are generated internal names (`_c3`), never user field names.

export type ParamValue = string | number | boolean | null;

/**
 * Collects bound parameters and hands out internal names for one compiled statement. Parameters
 * are written as `{{p3}}` placeholders and numbered by `finalize`, per statement: DuckDB counts
 * only the parameters of the CTEs a statement uses, and one compilation yields several statements.
 */
export class SqlParams {
  readonly values: ParamValue[] = [];
  private readonly byString = new Map<string, string>();
  private counter = 0;

  /** A bound VARCHAR parameter. The cast fixes its type wherever DuckDB could not infer one. */
  str(value: string): string {
    let ref = this.byString.get(value);
    if (ref === undefined) {
      this.values.push(value);
      ref = `{{p${this.values.length - 1}}}::VARCHAR`;
      this.byString.set(value, ref);
    }
    return ref;
  }

  /**
   * A string DuckDB needs as a bind-time constant: regexp_extract with group names refuses a
   * parameter, and a regex known at bind time is compiled once (10% faster than a parameter on
   * 5M messages). Base64 in the SQL text, decoded while binding: the user's text stays out of it.
   */
  constStr(value: string): string {
    return `decode(from_base64('${Buffer.from(value, 'utf8').toString('base64')}'))`;
  }

  /** A fresh internal identifier: letters, digits and `_` only, so it never needs quoting. */
  name(prefix: string): string {
    return `${prefix}${this.counter++}`;
  }
}

/** A finite number as SQL (DOUBLE). Non-finite values cannot come from the parser; refuse them. */
export function num(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  // String(n) of a finite number is digits, '.', '-', 'e' and '+' only.
  return `CAST('${String(n)}' AS DOUBLE)`;
}

/** A safe integer as SQL BIGINT (epoch milliseconds, limits, periods). */
export function int(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Error(`not a safe integer: ${n}`);
  return `${n}::BIGINT`;
}

/**
 * SEMANTICS.md: a string "reads as a number" when it matches this (RE2 syntax). Bound as a SQL
 * literal: it is our constant, not user text.
 */
export const NUMBER_TEXT_RE = "'^\\s*-?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?\\s*$'";

/** JS twin of NUMBER_TEXT_RE for compile-time decisions on literals. */
export const NUMBER_TEXT = /^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/** JSON pointer (RFC 6901) for one object key: DuckDB's json_extract accepts `/key`. */
export function jsonPointer(keys: readonly string[]): string {
  return keys.map((k) => `/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

export interface Cte {
  name: string;
  body: string;
}

export interface FinalSql {
  sql: string;
  params: ParamValue[];
}

/**
 * One statement: `body` with the CTEs it needs (transitively, in definition order), parameters
 * numbered $1… in order of appearance.
 */
export function finalize(ctes: readonly Cte[], body: string, params: SqlParams): FinalSql {
  const needed = new Set<string>();
  const pending = [body];
  while (pending.length > 0) {
    const text = pending.pop() as string;
    for (const c of ctes) {
      if (!needed.has(c.name) && new RegExp(`\\b${c.name}\\b`).test(text)) {
        needed.add(c.name);
        pending.push(c.body);
      }
    }
  }
  const used = ctes.filter((c) => needed.has(c.name));
  const text = `${used.length ? `WITH ${used.map((c) => `${c.name} AS (${c.body})`).join(',\n')}\n` : ''}${body}`;
  const order = new Map<number, number>();
  const values: ParamValue[] = [];
  const sql = text.replace(/\{\{p(\d+)\}\}/g, (_m, i: string) => {
    const index = Number(i);
    let n = order.get(index);
    if (n === undefined) {
      values.push(params.values[index]);
      n = values.length;
      order.set(index, n);
    }
    return `$${n}`;
  });
  return { sql, params: values };
}
