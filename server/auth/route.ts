import { isServiceError, ServiceError } from '../meta/errors';
import { ACCESS_RULES, type RouteId } from './access-rules';
import { currentUser, type SessionUser } from './current-user';
import { hasRole, ROLE_DESCRIPTIONS } from './roles';

export interface RouteContext<P> {
  /** Null only for `public` and `ingest-key` routes. */
  user: SessionUser | null;
  params: P;
}

type Handler<P> = (req: Request, ctx: RouteContext<P>) => Promise<Response>;

/**
 * Wraps a route handler with its access rule from ACCESS_RULES: 401 when nobody is signed in,
 * 403 with the role needed, and ServiceErrors mapped to their status. Routes stay thin: parse,
 * call server/, shape the response.
 */
export function route<P = Record<string, never>>(id: RouteId, handler: Handler<P>) {
  const access = ACCESS_RULES[id];
  return async (req: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      const params = (await context?.params) ?? ({} as P);
      if (access === 'public' || access === 'ingest-key') return await handler(req, { user: null, params });
      const user = await currentUser(req);
      if (!user) return Response.json({ error: 'Sign in first (or send a personal token as "Authorization: Bearer lt_…").' }, { status: 401 });
      if (access !== 'signed-in' && !hasRole(user.role, access)) {
        return Response.json(
          { error: `This needs the ${access} role (${ROLE_DESCRIPTIONS[access]}); you are ${user.role}. Ask an admin if you need it.` },
          { status: 403 },
        );
      }
      return await handler(req, { user, params });
    } catch (error) {
      if (isServiceError(error)) return Response.json({ error: error.message, ...error.detail }, { status: error.status });
      if (isZodError(error)) return Response.json({ error: `invalid input: ${zodMessage(error)}` }, { status: 400 });
      // The caller went away (a cancelled query, a closed tab): nobody reads this answer, and it is no server fault.
      if (req.signal.aborted) return new Response(null, { status: 499 });
      console.error(`${id} failed`, error);
      return Response.json({ error: 'Something went wrong on the server; try again, and check the server log if it persists.' }, { status: 500 });
    }
  };
}

interface ZodLike {
  name: string;
  issues: { path: PropertyKey[]; message: string }[];
}

function isZodError(error: unknown): error is ZodLike {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'ZodError' && Array.isArray((error as ZodLike).issues);
}

function zodMessage(error: ZodLike): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message)).join('; ');
}

/** Reads a JSON body, answering a clear 400 for malformed JSON. */
export async function jsonBody(req: Request, maxBytes = 256 * 1024): Promise<unknown> {
  const text = await req.text();
  if (text.length > maxBytes) throw new ServiceError(413, `the request body is larger than ${maxBytes} bytes`);
  try {
    return JSON.parse(text);
  } catch {
    throw new ServiceError(400, 'the request body is not valid JSON');
  }
}
