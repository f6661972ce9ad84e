import type { FieldValue } from './types';

/**
 * The normalization table: the same fact gets the same name everywhere. Keys are matched on the
 * flattened path, case-sensitively, after flattening. Documented for users in the README.
 */
export const FIELD_ALIASES: Readonly<Record<string, string>> = {
  userId: 'user.id',
  user_id: 'user.id',
  userID: 'user.id',
  uid: 'user.id',
  requestId: 'request.id',
  request_id: 'request.id',
  requestID: 'request.id',
  'x-request-id': 'request.id',
  'X-Request-Id': 'request.id',
  sessionId: 'session.id',
  session_id: 'session.id',
  traceId: 'trace.id',
  trace_id: 'trace.id',
  spanId: 'span.id',
  span_id: 'span.id',
  msg: 'message',
  severity: 'level',
  levelname: 'level',
  lvl: 'level',
  loglevel: 'level',
  durationMs: 'duration_ms',
  statusCode: 'status',
  status_code: 'status',
};

/** Fields that name the event's time; the first present wins and is removed from the fields. */
export const TIMESTAMP_FIELDS = ['@timestamp', 'timestamp', 'time', 'ts'] as const;

/** Level spellings, lower-cased, mapped to the six levels Logline uses. */
const LEVELS: Readonly<Record<string, string>> = {
  trace: 'trace', verbose: 'trace',
  debug: 'debug', dbg: 'debug',
  info: 'info', information: 'info', informational: 'info', notice: 'info', log: 'info',
  warn: 'warn', warning: 'warn',
  error: 'error', err: 'error', exception: 'error', severe: 'error',
  fatal: 'fatal', critical: 'fatal', crit: 'fatal', emergency: 'fatal', emerg: 'fatal', alert: 'fatal', panic: 'fatal',
};

/** Syslog / Python numeric levels. */
function levelFromNumber(n: number): string {
  if (n >= 50) return 'fatal'; // Python CRITICAL
  if (n >= 40) return 'error';
  if (n >= 30) return 'warn';
  if (n >= 20) return 'info';
  if (n >= 10) return 'debug';
  return 'trace';
}

export function normalizeLevel(value: FieldValue): FieldValue {
  if (typeof value === 'number') return levelFromNumber(value);
  if (typeof value !== 'string') return value;
  const key = value.trim().toLowerCase();
  return Object.hasOwn(LEVELS, key) ? LEVELS[key] : key; // own keys only: `constructor` is a level text, not Object
}

/** Fields whose values are numbers whenever they can be: a numeric string becomes a number. */
const NUMERIC_FIELDS = new Set(['status', 'duration_ms']);

/** Identifiers are text, whatever the producer sent: `user.id = "7"` must match a numeric 7 too. */
const ID_FIELDS = new Set(['user.id', 'request.id', 'session.id', 'trace.id', 'span.id']);

/** Normalizes one flattened (path, value) pair: the canonical name and the canonical value. */
export function normalizeField(path: string, value: FieldValue): [string, FieldValue] {
  // Own keys only: a field named `constructor` or `__proto__` must not resolve to Object's members.
  const name = Object.hasOwn(FIELD_ALIASES, path) ? FIELD_ALIASES[path] : path;
  if (name === 'level') return [name, normalizeLevel(value)];
  if (ID_FIELDS.has(name) && (typeof value === 'number' || typeof value === 'boolean')) return [name, String(value)];
  if (NUMERIC_FIELDS.has(name) && typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) {
    return [name, Number(value)];
  }
  return [name, value];
}
