import { createHash } from 'node:crypto';

/**
 * How a presented API key is read and hashed, shared by the console's key store and the ingest
 * Lambda (which must not import the store: it pulls in DuckDB). Keys are stored only as this hash.
 */
export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Reads the key from `Authorization: Bearer …` or `x-api-key`. */
export function presentedKey(headers: Headers): string | null {
  const auth = headers.get('authorization');
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth.trim());
    if (m) return m[1];
  }
  return headers.get('x-api-key')?.trim() || null;
}
