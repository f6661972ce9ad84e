// Field resolution: how a name in the query becomes SQL. In order: a field the query defined
// (fields … as, parse, stats outputs, unnest); a member of a map the query defined
// (`json_message.users`, `lf.level`); a join alias (`api.requestId`); then the stored event:
// system columns, typed hot columns, and every other field in `attrs` by its dot path. The user's
// name is only ever a map key here or a bound parameter (the JSON pointer), never SQL text.
import { FIELD_ALIASES } from '@/lib/events';
import type { Span } from '@/lib/query';
import { HOT_BY_FIELD } from '../schema';
import { invalid } from './errors';
import { jsonPointer, num, type SqlParams } from './sql';
import { fmtNum, type Val } from './values';

/** The raw event columns a stage still carries, under a prefix (`''`, or `j0_` on a join's right side). */
export interface EventColumns {
  prefix: string;
  /** Typed hot fields that also have wrong-typed values in attrs (see hot-types.ts). */
  mixed?: ReadonlySet<string>;
}

export interface Scope {
  /** Fields the query defined, by user name → the internal column holding them. */
  defined: Map<string, Val>;
  /** The raw event, or null once stats has replaced events by groups. */
  event: EventColumns | null;
  /** `join … left=a right=b`: the two sides by alias. */
  joins: Map<string, Scope>;
  /** After stats: items by their canonical text (`sum(Fault)`), so a later stats can name them. */
  exprs: Map<string, Val>;
  /**
   * Computes an expensive value (a JSON extraction) once, as a column of a new stage, and returns
   * a reference to it: DuckDB does not share repeated subexpressions, and the comparison rules read
   * a dynamic value several times (type test, number, text).
   */
  hoist?: (v: Val) => Val;
}

export function eventScope(prefix = '', mixed?: ReadonlySet<string>): Scope {
  return { defined: new Map(), event: mixed ? { prefix, mixed } : { prefix }, joins: new Map(), exprs: new Map() };
}

export function copyScope(s: Scope): Scope {
  const out: Scope = { defined: new Map(s.defined), event: s.event, joins: new Map(s.joins), exprs: new Map(s.exprs) };
  if (s.hoist) out.hoist = s.hoist;
  return out;
}

/** A value through the scope's hoist, when it has one and the value is worth it (not a plain column). */
export function hoisted(scope: Scope, v: Val): Val {
  return scope.hoist && !/^\w+$/.test(v.sql) ? scope.hoist(v) : v;
}

const SYSTEM: Record<string, { column: string; val: Omit<Val, 'sql'> }> = {
  '@timestamp': { column: 'ts', val: { t: 'num', time: true } },
  '@ingestionTime': { column: 'ingested', val: { t: 'num', time: true } },
  '@log': { column: 'log', val: { t: 'str' } },
  '@logStream': { column: 'stream', val: { t: 'str' } },
  '@message': { column: 'message', val: { t: 'str' } },
  // Logline's own: the hash of the message template (lib/events/fingerprint.ts).
  '@fingerprint': { column: 'fingerprint', val: { t: 'str' } },
};

/**
 * Top-level keys the pipeline takes out of an event into system fields (lib/events pipeline.ts:
 * the stream and the source), so they never exist as fields in the store.
 */
const CONSUMED: Readonly<Record<string, string>> = { logStream: '@logStream', stream: '@logStream', source: '@log' };

/**
 * A stored field by its flattened name. Names the pipeline always renames at ingest (`userId`,
 * `statusCode`, `severity`, …; lib/events FIELD_ALIASES) or takes into system fields (`logStream`)
 * resolve to where the value is stored, since the name itself can never be present in the store.
 */
export function eventField(name: string, ev: EventColumns, params: SqlParams): Val {
  const stored = CONSUMED[name] ?? FIELD_ALIASES[name] ?? name;
  const sys = SYSTEM[stored];
  if (sys) return { ...sys.val, sql: `${ev.prefix}${sys.column}` };
  const hot = HOT_BY_FIELD.get(stored);
  const fromAttrs = `nullif(json_extract(${ev.prefix}attrs, ${params.str(jsonPointer([stored]))})::VARCHAR, 'null')`;
  if (hot && hot.type === 'DOUBLE' && ev.mixed?.has(stored)) {
    // Some events sent this field with another type; those values are in attrs (hot-types.ts).
    const col = `${ev.prefix}${hot.column}`;
    return { sql: `CASE WHEN ${col} IS NOT NULL THEN ${fmtNum(col)} ELSE ${fromAttrs} END`, t: 'json' };
  }
  if (hot) return { sql: `${ev.prefix}${hot.column}`, t: hot.type === 'DOUBLE' ? 'num' : 'str' };
  return { sql: fromAttrs, t: 'json' };
}

/** A key of a map: a parsed JSON structure or a logfmt line. Anything else has no members. */
export function member(v: Val, keys: string[], params: SqlParams): Val {
  if (v.logfmt) {
    const key = keys.join('.');
    const escaped = key.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
    const re = params.constStr(`(?:^|\\s)${escaped}=("(?:[^"\\\\]|\\\\.)*"|\\S*)`);
    const raw = `regexp_extract(${v.sql}, ${re}, 1)`;
    return {
      sql: `CASE WHEN regexp_matches(${v.sql}, ${re}) THEN CASE WHEN left(${raw}, 1) = '"' ` +
        `THEN regexp_replace(${raw}[2:-2], '\\\\(.)', '\\1', 'g') ELSE ${raw} END END`,
      t: 'str',
    };
  }
  if (v.t !== 'json' && v.t !== 'struct') return { sql: 'CAST(NULL AS VARCHAR)', t: 'json' };
  return { sql: `nullif(json_extract(${v.sql}, ${params.str(jsonPointer(keys))})::VARCHAR, 'null')`, t: 'json' };
}

/** `list[i]` on a parsed JSON list. */
export function indexInto(v: Val, index: Val, params: SqlParams): Val {
  if (v.t !== 'json' && v.t !== 'struct') return { sql: 'CAST(NULL AS VARCHAR)', t: 'json' };
  if (typeof index.lit === 'number' && Number.isSafeInteger(index.lit) && index.lit >= 0) {
    return { sql: `nullif(json_extract(${v.sql}, ${params.str(`/${index.lit}`)})::VARCHAR, 'null')`, t: 'json' };
  }
  if (typeof index.lit === 'string') return member(v, [index.lit], params);
  const i = index.t === 'num' ? index.sql : `TRY_CAST(${index.sql} AS DOUBLE)`;
  return { sql: `nullif(json_extract(${v.sql}, '$[' || CAST(TRY_CAST(${i} AS BIGINT) AS VARCHAR) || ']')::VARCHAR, 'null')`, t: 'json' };
}

function isMap(v: Val): boolean {
  return v.t === 'json' || v.t === 'struct' || v.logfmt === true;
}

/** Resolves a field reference (its dotted path) in a scope. */
export function resolveField(path: readonly string[], scope: Scope, params: SqlParams, span?: Span): Val {
  const full = path.join('.');
  const own = scope.defined.get(full);
  if (own) return own;
  for (let k = path.length - 1; k >= 1; k--) {
    const base = scope.defined.get(path.slice(0, k).join('.'));
    if (base && isMap(base)) return hoisted(scope, member(base, path.slice(k), params));
  }
  const side = path.length > 1 ? scope.joins.get(path[0]) : undefined;
  if (side) return resolveField(path.slice(1), side, params, span);
  if (!scope.event) {
    const known = [...scope.defined.keys()].map((n) => JSON.stringify(n)).join(', ');
    throw invalid(`${full} is not available here: after stats, only the fields stats defines can be used (${known})`, span);
  }
  return hoisted(scope, eventField(full, scope.event, params));
}

/** A compile-time number as a value (durations in ms, `now`, query bounds). */
export function constNum(n: number, time = false): Val {
  return time ? { sql: num(n), t: 'num', lit: n, time: true } : { sql: num(n), t: 'num', lit: n };
}
