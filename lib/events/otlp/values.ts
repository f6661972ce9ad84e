import { LIMITS } from '../limits';
import type { Int64 } from './schema';

/**
 * Converting OTLP values (AnyValue, KeyValue lists, 64-bit integers, ids) to plain JSON values,
 * for both encodings. A body or attribute can nest and grow without bound, so the walk carries a
 * depth limit and a budget of values: past either it stops at once with an `OtlpValueError`, and
 * the record is refused instead of crashing or hanging the process. Recursion is safe because the
 * depth check comes first: the stack never grows past `LIMITS.maxNestingDepth` levels.
 */

export class OtlpValueError extends Error {}

/** How many values (attributes, body entries, array items, at every level) one record may carry. */
export const MAX_RECORD_VALUES = 1000;

export interface Budget {
  remaining: number;
}

export function budget(values: number = MAX_RECORD_VALUES): Budget {
  return { remaining: values };
}

/**
 * Sets a key on an object built from OTLP data. `__proto__` is defined as a plain own property
 * rather than assigned (which would replace the prototype). Plain objects rather than
 * prototype-less ones: V8 keeps those in its fast mode, and the pipeline walks every event twice.
 */
export function setKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

type Json = Record<string, unknown>;

function field(v: Json, name: string): unknown {
  const x = v[name];
  return x === undefined ? null : x; // protobufjs leaves unset fields null on the prototype
}

/** One AnyValue → string, number, boolean, null, array or object. */
export function anyValue(v: unknown, depth: number, b: Budget): unknown {
  if (depth > LIMITS.maxNestingDepth) {
    throw new OtlpValueError(`a value is nested more than ${LIMITS.maxNestingDepth} levels deep; flatten it before sending`);
  }
  if (--b.remaining < 0) {
    throw new OtlpValueError(
      `the record carries more than ${MAX_RECORD_VALUES} values (attributes and body entries, counted at every level); send fewer (OpenTelemetry SDKs keep 128 attributes by default)`,
    );
  }
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object' || Array.isArray(v)) throw new OtlpValueError('an AnyValue must be an object such as {"stringValue": "…"}');
  const o = v as Json;
  const s = field(o, 'stringValue');
  if (s !== null) return typeof s === 'string' ? s : bad('stringValue', 'a string');
  const bool = field(o, 'boolValue');
  if (bool !== null) return typeof bool === 'boolean' ? bool : bad('boolValue', 'a boolean');
  const int = field(o, 'intValue');
  if (int !== null) {
    const n = int64ToBigInt(int);
    return n === null ? bad('intValue', 'an integer') : safeNumber(n);
  }
  const dbl = field(o, 'doubleValue');
  if (dbl !== null) return doubleValue(dbl);
  const arr = field(o, 'arrayValue');
  if (arr !== null) return arrayValue(arr, depth, b);
  const kv = field(o, 'kvlistValue');
  if (kv !== null) {
    if (typeof kv !== 'object') return bad('kvlistValue', 'an object with "values"');
    return keyValueList(field(kv as Json, 'values'), depth + 1, b);
  }
  const bytes = field(o, 'bytesValue');
  if (bytes !== null) {
    if (bytes instanceof Uint8Array) return toBase64(bytes);
    // OTLP/JSON carries bytes as base64 already; keep the text as sent.
    return typeof bytes === 'string' ? bytes : bad('bytesValue', 'base64 text');
  }
  return null; // an empty AnyValue is OTLP's null
}

function arrayValue(arr: unknown, depth: number, b: Budget): unknown[] {
  if (typeof arr !== 'object' || arr === null) return bad('arrayValue', 'an object with "values"');
  const values = field(arr as Json, 'values');
  if (values === null) return [];
  if (!Array.isArray(values)) return bad('arrayValue.values', 'an array');
  const out: unknown[] = [];
  for (const item of values) out.push(anyValue(item, depth + 1, b));
  return out;
}

/**
 * A KeyValue list (attributes, a kvlistValue) → an object. Copied into `into` when given, so
 * attributes land directly in the event; a repeated key keeps the last value, as OTLP says.
 */
export function keyValueList(list: unknown, depth: number, b: Budget, into: Json = {}): Json {
  if (list === null || list === undefined) return into;
  if (!Array.isArray(list)) return bad('attributes', 'an array of {key, value}');
  for (const kv of list) {
    if (kv === null || typeof kv !== 'object' || Array.isArray(kv)) return bad('attribute', 'an object {key, value}');
    const key = (kv as Json).key;
    if (typeof key !== 'string') return bad('attribute key', 'a string');
    setKey(into, key, anyValue((kv as Json).value, depth, b));
  }
  return into;
}

function doubleValue(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  // The protobuf JSON mapping spells non-finite doubles as text; a log field keeps them as null.
  if (v === 'NaN' || v === 'Infinity' || v === '-Infinity') return null;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(v)) return Number(v);
  return bad('doubleValue', 'a number');
}

function bad(what: string, expected: string): never {
  throw new OtlpValueError(`${what} must be ${expected}`);
}

/** A 64-bit integer from JSON (number or decimal text) or protobufjs (`Long`), exactly. */
export function int64ToBigInt(v: unknown): bigint | null {
  if (typeof v === 'number') return Number.isFinite(v) ? BigInt(Math.trunc(v)) : null;
  if (typeof v === 'string') return /^-?\d{1,20}$/.test(v) ? BigInt(v) : null;
  if (v !== null && typeof v === 'object') {
    const { low, high, unsigned } = v as { low?: unknown; high?: unknown; unsigned?: unknown };
    if (typeof low !== 'number' || typeof high !== 'number') return null;
    const hi = unsigned === true ? BigInt(high >>> 0) : BigInt(high | 0);
    return (hi << 32n) + BigInt(low >>> 0);
  }
  return null;
}

/** A number when it is exact as one, else the decimal text (ids and counters over 2^53 stay exact). */
export function safeNumber(n: bigint): number | string {
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
}

/** Nanoseconds since the epoch → epoch ms, or null when unset (0) or outside what a Date can hold. */
export function nanosToMillis(v: Int64 | null | undefined): number | null {
  if (v === null || v === undefined) return null;
  const ns = int64ToBigInt(v);
  if (ns === null || ns <= 0n) return null;
  const ms = Number(ns / 1_000_000n);
  return ms <= 8.64e15 ? ms : null;
}

/**
 * A trace or span id as lower-case hex, or null when absent or all zeros (OTLP's "no id"). JSON
 * must carry hex of exactly `bytes` bytes; protobuf carries the bytes.
 */
export function hexId(v: string | Uint8Array | null | undefined, bytes: number, name: string): string | null {
  if (v === null || v === undefined || v.length === 0) return null;
  let hex: string;
  if (typeof v === 'string') {
    if (v.length !== bytes * 2 || !/^[0-9a-fA-F]+$/.test(v)) {
      throw new OtlpValueError(`${name} must be ${bytes * 2} hex characters, not ${JSON.stringify(v.slice(0, 80))}`);
    }
    hex = v.toLowerCase();
  } else {
    if (v.length !== bytes) throw new OtlpValueError(`${name} must be ${bytes} bytes, not ${v.length}`);
    hex = Array.from(v, (x) => x.toString(16).padStart(2, '0')).join('');
  }
  return /^0+$/.test(hex) ? null : hex;
}

/** Base64 without Buffer, so the mapping runs in the browser and in Lambda alike. */
export function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}
