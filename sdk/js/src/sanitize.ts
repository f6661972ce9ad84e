/**
 * Turns anything an app passes to a logging call into a JSON-safe copy, without ever throwing:
 * cycles, BigInt, Errors (name, message, stack, cause), functions, symbols, huge strings, Maps,
 * binary data, DOM nodes, throwing getters and Proxies. Copying at call time also means a
 * later mutation of the app's object cannot change what was logged.
 */

export interface SanitizeLimits {
  /** Longest string kept; the rest is cut and the cut length noted. */
  maxStringLength: number;
  /** Objects nested deeper than this become "[Object]". */
  maxDepth: number;
  /** Keys kept per object and items per array. */
  maxKeys: number;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…[+${text.length - max} chars]` : text;
}

/** A sanitized copy, or undefined for values JSON leaves out (undefined itself). */
export function sanitize(value: unknown, limits: SanitizeLimits): JsonValue | undefined {
  return copy(value, limits, 0, []);
}

function copy(value: unknown, limits: SanitizeLimits, depth: number, ancestors: object[]): JsonValue | undefined {
  switch (typeof value) {
    case 'string':
      return value.length > limits.maxStringLength ? truncate(value, limits.maxStringLength) : value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'undefined':
      return undefined;
    case 'symbol':
      return value.toString();
    case 'function':
      return `[Function ${value.name || 'anonymous'}]`;
  }
  if (value === null) return null;
  const obj = value as object;
  if (ancestors.includes(obj)) return '[Circular]';
  if (depth >= limits.maxDepth) return Array.isArray(obj) ? '[Array]' : '[Object]';
  ancestors.push(obj);
  try {
    return copyObject(obj, limits, depth, ancestors);
  } catch {
    return '[Unreadable]'; // a Proxy trap or getter threw
  } finally {
    ancestors.pop();
  }
}

function copyObject(obj: object, limits: SanitizeLimits, depth: number, ancestors: object[]): JsonValue | undefined {
  if (obj instanceof Error) return errorObject(obj, limits, depth, ancestors);
  if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? null : obj.toISOString();
  if (Array.isArray(obj)) {
    const n = Math.min(obj.length, limits.maxKeys);
    const out: JsonValue[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = copy(obj[i], limits, depth + 1, ancestors) ?? null;
    if (obj.length > n) out.push(`[+${obj.length - n} more]`);
    return out;
  }
  if (ArrayBuffer.isView(obj)) return `[${obj.constructor.name} ${obj.byteLength} bytes]`;
  if (obj instanceof ArrayBuffer) return `[ArrayBuffer ${obj.byteLength} bytes]`;
  if (obj instanceof Map) return entries(firstEntries(obj, limits.maxKeys), obj.size, limits, depth, ancestors);
  if (obj instanceof Set) return copy(firstEntries(obj, limits.maxKeys).map(([, v]) => v), limits, depth, ancestors);
  if (obj instanceof WeakMap || obj instanceof WeakSet || obj instanceof Promise) return `[${obj.constructor.name}]`;
  const node = domNode(obj);
  if (node !== null) return node;
  const toJSON = (obj as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return copy(toJSON.call(obj), limits, depth, ancestors);
  const keys = Object.keys(obj);
  const kept = keys.length > limits.maxKeys ? keys.slice(0, limits.maxKeys) : keys;
  return entries(
    kept.map((k) => [k, readProperty(obj, k)]),
    keys.length,
    limits,
    depth,
    ancestors,
  );
}

function entries(pairs: Array<[string, unknown]>, total: number, limits: SanitizeLimits, depth: number, ancestors: object[]): JsonValue {
  const out: { [key: string]: JsonValue } = {};
  let n = 0;
  for (const [key, v] of pairs) {
    if (n++ >= limits.maxKeys) break;
    const c = copy(v, limits, depth + 1, ancestors);
    if (c !== undefined) out[key] = c;
  }
  if (total > limits.maxKeys) out['…'] = `+${total - limits.maxKeys} more keys`;
  return out;
}

function firstEntries(collection: Map<unknown, unknown> | Set<unknown>, max: number): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  for (const [k, v] of collection.entries()) {
    if (out.length >= max) break;
    out.push([String(k), v]);
  }
  return out;
}

function readProperty(obj: object, key: string): unknown {
  try {
    return (obj as Record<string, unknown>)[key];
  } catch {
    return '[Unreadable]';
  }
}

/** An Error keeps what a developer needs: name, message, stack, cause, and its own fields (code…). */
export function errorObject(error: Error, limits: SanitizeLimits, depth = 0, ancestors: object[] = []): JsonValue {
  const out: { [key: string]: JsonValue } = {};
  const name = readProperty(error, 'name');
  const message = readProperty(error, 'message');
  const stack = readProperty(error, 'stack');
  out.name = typeof name === 'string' ? name : 'Error';
  out.message = typeof message === 'string' ? truncate(message, limits.maxStringLength) : String(message);
  if (typeof stack === 'string') out.stack = truncate(stack, limits.maxStringLength);
  for (const key of Object.keys(error)) {
    if (key in out) continue;
    const c = copy(readProperty(error, key), limits, depth + 1, ancestors);
    if (c !== undefined) out[key] = c;
  }
  const cause = readProperty(error, 'cause');
  if (cause !== undefined && !('cause' in out)) out.cause = copy(cause, limits, depth + 1, ancestors) ?? null;
  return out;
}

interface NodeLike {
  nodeType: number;
  nodeName: string;
  id?: unknown;
}

function domNode(obj: object): string | null {
  const n = obj as Partial<NodeLike>;
  if (typeof n.nodeType !== 'number' || typeof n.nodeName !== 'string') return null;
  const id = typeof n.id === 'string' && n.id ? `#${n.id}` : '';
  return `[${n.nodeName.toLowerCase()}${id}]`;
}

/** Any value as message text, never throwing. */
export function messageText(value: unknown, limits: SanitizeLimits): string {
  if (typeof value === 'string') return value.length > limits.maxStringLength ? truncate(value, limits.maxStringLength) : value;
  try {
    if (value instanceof Error) return truncate(String(value.message || value.name || 'Error'), limits.maxStringLength);
    const c = sanitize(value, limits);
    return truncate(typeof c === 'string' ? c : JSON.stringify(c) ?? String(value), limits.maxStringLength);
  } catch {
    return '[unprintable message]';
  }
}
