/**
 * The api backend (Django on Lambda): one request log line per request, written when the request
 * completes, plus the 5xx lines with their tracebacks.
 */
import { HOUR, isoMillis, seasonal, slashDate, weekOf } from './calendar';
import { ROUTES, fillPath, routeIndex, type FieldStyle } from './catalog';
import { API_FAILURES, type ApiFailure } from './errors';
import { Rng, WeightedTable } from './rng';
import { setRequest, setUser, type DemoContext } from './context';

/** Background api requests in the busiest hour of the first week, at scale 1. */
const API_PEAK_PER_HOUR = 260;
const SERVER_ERROR_RATE = 0.0105;
const CLIENT_ERROR_RATE = 0.035;

const ROUTE_TABLES: readonly WeightedTable[] = Array.from(
  { length: 9 },
  (_, week) => new WeightedTable(ROUTES.map((r) => r.weights[week])),
);
const FAILURE_TABLE = new WeightedTable(API_FAILURES.map((f) => f.weight));
const FAILURE_ROUTES: readonly number[] = API_FAILURES.map((f) => (f.route ? routeIndex(f.route[0], f.route[1]) : -1));
const LOGIN = routeIndex('POST', '/api/auth/login');

const LEVELS: Record<FieldStyle, readonly [string, string, string]> = {
  nested: ['info', 'warning', 'error'],
  snake: ['INFO', 'Warning', 'ERROR'],
  camel: ['info', 'Warning', 'error'],
};

/** Fresh Lambda containers for a day: `2026/11/20/[$LATEST]<32 hex>`. */
export function apiStreamsFor(rng: Rng, day: number): string[] {
  const prefix = `${slashDate(day)}/[$LATEST]`;
  return Array.from({ length: 6 + rng.int(5) }, () => prefix + rng.hex(16));
}

export interface ApiRequest {
  route: number;
  /** User rank in the pool. */
  user: number;
  status: number;
  failure: ApiFailure | null;
}

/** How long a request takes, in ms. */
export function requestDuration(rng: Rng, req: ApiRequest): number {
  if (req.failure?.fixedMs) return req.failure.fixedMs + rng.int(60);
  const route = ROUTES[req.route];
  return Math.max(3, Math.round(rng.logNormal(route.medianMs, route.sigma)));
}

/** Logs one request that completed at `t` after `durationMs`; returns its request id. */
export function emitApiRequest(ctx: DemoContext, rng: Rng, t: number, req: ApiRequest, durationMs: number): string {
  const route = ROUTES[req.route];
  const path = route.maxId > 0 ? fillPath(route.path, 1 + rng.int(route.maxId)) : route.path;
  const requestId = rng.uuid();
  const levels = LEVELS[route.style];
  const severity = req.status >= 500 ? 2 : req.status >= 400 ? 1 : 0;
  const e: Record<string, unknown> = {
    timestamp: isoMillis(t),
    level: levels[severity],
    logger: severity === 2 ? 'django.request' : 'classwork.access',
    message: req.failure ? req.failure.message : `${route.method} ${path} ${req.status} in ${durationMs}ms`,
    method: route.method,
    route: route.path,
    path,
    status: req.status,
    duration_ms: durationMs,
  };
  setUser(e, route.style, ctx.users.ids[req.user]);
  setRequest(e, route.style, requestId);
  if (req.failure) e.stack = req.failure.stack;
  ctx.emit(t, 'api', ctx.apiStreams[rng.int(ctx.apiStreams.length)], e);
  return requestId;
}

/** A request that fails with `failure`, on its own route when it has one. */
export function failingRequest(rng: Rng, failure: ApiFailure, user: number, week: number): ApiRequest {
  const i = API_FAILURES.indexOf(failure);
  const route = i >= 0 && FAILURE_ROUTES[i] >= 0 ? FAILURE_ROUTES[i] : ROUTE_TABLES[week + 8].pick(rng);
  return { route, user, status: failure.status, failure };
}

export function pickFailure(rng: Rng): ApiFailure {
  return API_FAILURES[FAILURE_TABLE.pick(rng)];
}

function clientErrorStatus(rng: Rng, route: number): number {
  if (route === LOGIN) return 401;
  if (ROUTES[route].method === 'GET') return rng.chance(0.7) ? 404 : 403;
  return rng.chance(0.6) ? 400 : 403;
}

/** Background requests not tied to a logged client session (mobile, integrations, prefetches). */
export function apiHour(ctx: DemoContext, rng: Rng, hourStart: number, span: number): void {
  const week = weekOf(ctx.plan, hourStart);
  const growth = 1 + 0.025 * (week + 8);
  const lambda = API_PEAK_PER_HOUR * ctx.plan.scale * seasonal(hourStart) * growth * (span / HOUR);
  const n = rng.poisson(lambda);
  const routes = ROUTE_TABLES[week + 8];
  for (let i = 0; i < n; i++) {
    const t = hourStart + Math.floor(rng.next() * span);
    const user = ctx.users.pick(rng);
    const r = rng.next();
    let req: ApiRequest;
    if (r < SERVER_ERROR_RATE) {
      req = failingRequest(rng, pickFailure(rng), user, week);
    } else {
      const route = routes.pick(rng);
      const status =
        r < SERVER_ERROR_RATE + CLIENT_ERROR_RATE
          ? clientErrorStatus(rng, route)
          : ROUTES[route].method === 'POST'
            ? 201
            : 200;
      req = { route, user, status, failure: null };
    }
    emitApiRequest(ctx, rng, t, req, requestDuration(rng, req));
  }
}
