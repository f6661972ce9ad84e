/**
 * Web and mobile clients: sessions of page views, clicks and feature uses, and the client errors
 * that follow a failing api call (click → api 5xx → client error, all sharing ids).
 */
import { DAY, HOUR, SECOND, seasonal, weekOf } from './calendar';
import { APP_SCREENS, CLICK_TARGETS, FEATURES, ROUTES, WEB_PAGES, fillPath, type FieldStyle } from './catalog';
import { emitApiRequest, failingRequest, pickFailure, requestDuration } from './api';
import { APP_ERRORS, WEB_ERRORS, appFailureMessage, type ApiFailure } from './errors';
import { Rng, WeightedTable } from './rng';
import { setRequest, setUser, type DemoContext } from './context';
import type { Platform } from './users';

/** Background sessions starting in the busiest hour of the first week, at scale 1. */
const SESSIONS_PEAK_PER_HOUR = 62;
/** Chance that a click's api call fails with a 5xx the client reports. */
const FAILING_CLICK_RATE = 0.012;
const CLIENT_ONLY_ERROR_RATE = 0.003;

const FEATURE_TABLES: readonly WeightedTable[] = Array.from(
  { length: 9 },
  (_, week) => new WeightedTable(FEATURES.map((f) => f.weights[week])),
);

const LEVELS: Record<FieldStyle, readonly [string, string, string]> = {
  nested: ['info', 'warning', 'error'],
  snake: ['INFO', 'WARNING', 'ERROR'],
  camel: ['info', 'warn', 'error'],
};

export interface Session {
  id: string;
  /** User rank in the pool. */
  user: number;
  platform: Platform;
  version: string;
  /** How this client's SDK spells user and request ids. */
  style: FieldStyle;
  /** Current page (web) or screen (app). */
  page: string;
}

/** The web build live at `t`: CalVer of the latest weekday deploy at 17:00 UTC. */
function webVersion(t: number, stale: boolean): string {
  let day = Math.floor((t - 17 * HOUR) / DAY) - (stale ? 1 : 0);
  while ((day + 3) % 7 >= 5) day--;
  return new Date(day * DAY).toISOString().slice(0, 10).replace(/-/g, '.');
}

function appVersion(ctx: DemoContext, rng: Rng, t: number): string {
  const releases = ctx.appReleases;
  let latest = 0;
  while (latest + 1 < releases.length && releases[latest + 1].at <= t) latest++;
  const adoption = Math.min(0.88, (t - releases[latest].at) / (3 * DAY));
  if (latest === 0 || rng.chance(adoption)) return releases[latest].version;
  let previous = latest - 1;
  while (previous > 0 && releases[previous].pulled) previous--;
  return releases[previous].version;
}

export function randomPage(rng: Rng, platform: Platform): string {
  return platform === 'web' ? fillPath(rng.pick(WEB_PAGES), 1 + rng.int(4000)) : rng.pick(APP_SCREENS);
}

export function startSession(ctx: DemoContext, rng: Rng, t: number, user: number, version?: string): Session {
  const platform = ctx.users.platform[user];
  const web = platform === 'web';
  return {
    id: rng.uuid(),
    user,
    platform,
    version: version ?? (web ? webVersion(t, rng.chance(0.12)) : appVersion(ctx, rng, t)),
    style: rng.chance(0.3) ? 'nested' : web ? 'camel' : 'snake',
    page: randomPage(rng, platform),
  };
}

/** A client event with its common fields; the caller adds the specific ones, then sends it. */
export function clientEvent(s: Session, t: number, name: string, severity: 0 | 1 | 2): Record<string, unknown> {
  return { timestamp: t, level: LEVELS[s.style][severity], event: name, page: s.page };
}

export function send(ctx: DemoContext, s: Session, t: number, e: Record<string, unknown>): void {
  e.session = { id: s.id };
  setUser(e, s.style, ctx.users.ids[s.user]);
  e.app = { version: s.version };
  e.platform = s.platform;
  if (s.platform === 'web') e.browser = ctx.users.agent[s.user];
  else e.os = ctx.users.agent[s.user];
  ctx.emit(t, s.platform === 'web' ? 'web' : 'app', ctx.users.stream[s.user], e);
}

export function pageView(ctx: DemoContext, s: Session, t: number, page: string): void {
  s.page = page;
  send(ctx, s, t, clientEvent(s, t, 'page_view', 0));
}

export function click(ctx: DemoContext, s: Session, t: number, target: string): void {
  const e = clientEvent(s, t, 'click', 0);
  e.target = target;
  send(ctx, s, t, e);
}

export function featureUsed(ctx: DemoContext, s: Session, t: number, feature: string): void {
  const e = clientEvent(s, t, 'feature_used', 0);
  e.feature = feature;
  send(ctx, s, t, e);
}

/**
 * A click whose api call fails: the click at `t`, the api's 5xx line when the request completes,
 * and the client's error a few hundred ms later carrying the same request id. Returns the time of
 * the client error.
 */
export function failingClick(ctx: DemoContext, rng: Rng, s: Session, t: number, failure: ApiFailure): number {
  if (failure.page && s.platform === 'web' && !s.page.startsWith(failure.page.split(':')[0])) {
    pageView(ctx, s, t, fillPath(failure.page, 1 + rng.int(4000)));
    t += 1_500 + rng.int(6_000);
  }
  click(ctx, s, t, failure.target ?? rng.pick(CLICK_TARGETS));
  const req = failingRequest(rng, failure, s.user, weekOf(ctx.plan, t));
  const duration = requestDuration(rng, req);
  const apiTime = t + 20 + rng.int(60) + duration;
  const requestId = emitApiRequest(ctx, rng, apiTime, req, duration);
  const errorTime = apiTime + 150 + rng.int(450);
  const e = clientEvent(s, errorTime, 'error', 2);
  const route = ROUTES[req.route];
  e.message =
    s.platform === 'web' ? failure.webMessage : appFailureMessage(s.platform, failure.status, route.method, route.path);
  e.status = failure.status;
  setRequest(e, s.style, requestId);
  send(ctx, s, errorTime, e);
  return errorTime;
}

function clientOnlyError(ctx: DemoContext, rng: Rng, s: Session, t: number): void {
  const web = s.platform === 'web';
  const e = clientEvent(s, t, web ? 'error' : 'crash', 2);
  e.message = rng.pick(s.platform === 'web' ? WEB_ERRORS : APP_ERRORS[s.platform]);
  send(ctx, s, t, e);
}

/** One ordinary session: a page view, then a few page views, clicks and feature uses. */
export function runSession(ctx: DemoContext, rng: Rng, s: Session, t0: number): void {
  const week = weekOf(ctx.plan, t0);
  const features = FEATURE_TABLES[week + 8];
  const steps = Math.min(40, Math.floor(rng.exp(5.5)));
  let t = t0;
  pageView(ctx, s, t, s.page);
  for (let i = 0; i < steps; i++) {
    t += 1_200 + Math.min(10 * 60 * SECOND, Math.round(rng.logNormal(9_000, 1.1)));
    const r = rng.next();
    if (r < 0.33) {
      pageView(ctx, s, t, randomPage(rng, s.platform));
    } else if (r < 0.62) {
      if (rng.chance(FAILING_CLICK_RATE)) t = failingClick(ctx, rng, s, t, pickFailure(rng));
      else click(ctx, s, t, rng.pick(CLICK_TARGETS));
    } else if (r < 1 - CLIENT_ONLY_ERROR_RATE) {
      featureUsed(ctx, s, t, FEATURES[features.pick(rng)].name);
    } else {
      clientOnlyError(ctx, rng, s, t);
    }
  }
}

export function sessionsHour(ctx: DemoContext, rng: Rng, hourStart: number, span: number): void {
  const growth = 1 + 0.02 * (weekOf(ctx.plan, hourStart) + 8);
  const lambda = SESSIONS_PEAK_PER_HOUR * ctx.plan.scale * seasonal(hourStart) * growth * (span / HOUR);
  const n = rng.poisson(lambda);
  for (let i = 0; i < n; i++) {
    const t = hourStart + Math.floor(rng.next() * span);
    runSession(ctx, rng, startSession(ctx, rng, t, ctx.users.pick(rng)), t);
  }
}
