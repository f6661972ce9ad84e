/**
 * Reads a timestamp in any of the forms producers send: ISO-8601 text, or epoch seconds,
 * milliseconds, microseconds or nanoseconds (as a number or numeric text). The unit of an
 * epoch value is told by its magnitude, which is unambiguous for any date after 1973.
 * Returns epoch ms, or null when the value is not a timestamp.
 */
export function parseTimestamp(value: unknown): number | null {
  if (typeof value === 'number') return fromEpoch(value);
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) return null;
  if (/^-?\d+(\.\d+)?$/.test(value)) return fromEpoch(Number(value));
  // Date.parse accepts loose forms ("1") in some engines; insist on a date-like shape first.
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(value)) return null;
  const iso = value.includes(' ') ? value.replace(' ', 'T') : value;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : null;
}

function fromEpoch(n: number): number | null {
  if (!Number.isFinite(n) || n < 0) return null;
  if (n < 1e11) return Math.round(n * 1000); // seconds
  if (n < 1e14) return Math.round(n); // milliseconds
  if (n < 1e17) return Math.round(n / 1000); // microseconds
  if (n < 1e20) return Math.round(n / 1e6); // nanoseconds
  return null;
}
