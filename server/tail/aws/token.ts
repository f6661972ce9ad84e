import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { isRole, type Role } from '../../auth/roles';

/**
 * Live-tail tokens for the API Gateway WebSocket: the console signs one after checking the
 * session, the `$connect` Lambda verifies it. `v1.<claims>.<HMAC-SHA256>`, both base64url. A token
 * only opens a connection, so it lives about a minute; the browser asks for a fresh one on every
 * (re)connect, which is when the console re-checks the user's role.
 */
export interface TailTokenClaims {
  /** User id. */
  sub: string;
  role: Role;
  /** Expiry, epoch seconds. */
  exp: number;
}

export const TAIL_TOKEN_TTL_SECONDS = 60;
/** A token claiming a longer life than this was not made by this code: refuse it. */
const MAX_TTL_SECONDS = 10 * 60;
/** Clocks of the console and Lambda may differ a little. */
const CLOCK_SKEW_SECONDS = 30;
export const MIN_SECRET_LENGTH = 32;

const claimsSchema = z.object({ sub: z.string().min(1).max(200), role: z.string().refine(isRole), exp: z.number().int() });

function mac(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(`v1.${payload}`).digest();
}

export function signTailToken(user: { id: string; role: Role }, secret: string, nowMs = Date.now(), ttlSeconds = TAIL_TOKEN_TTL_SECONDS): string {
  if (secret.length < MIN_SECRET_LENGTH) throw new Error(`the live-tail token secret needs at least ${MIN_SECRET_LENGTH} characters`);
  const claims: TailTokenClaims = { sub: user.id, role: user.role, exp: Math.floor(nowMs / 1000) + ttlSeconds };
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `v1.${payload}.${mac(secret, payload).toString('base64url')}`;
}

export type TailTokenResult = { ok: true; claims: TailTokenClaims } | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

export function verifyTailToken(token: string | undefined, secret: string, nowMs = Date.now()): TailTokenResult {
  const parts = (token ?? '').split('.');
  if (parts.length !== 3 || parts[0] !== 'v1' || token!.length > 2048) return { ok: false, reason: 'malformed' };
  const [, payload, signature] = parts;
  const expected = mac(secret, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature' };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const parsed = claimsSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: 'malformed' };
  const now = Math.floor(nowMs / 1000);
  const claims = parsed.data as TailTokenClaims;
  if (claims.exp + CLOCK_SKEW_SECONDS < now || claims.exp - now > MAX_TTL_SECONDS) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}
