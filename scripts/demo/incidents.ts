/**
 * One-off incidents, each at a fixed time relative to `now` (see makePlan): a log storm from one
 * web session, a database outage on the api, and a crashing mobile release. Not scaled.
 */
import { HOUR, MINUTE, SECOND, weekOf } from './calendar';
import { BAD_APP_VERSION, fillPath } from './catalog';
import { emitApiRequest, failingRequest, requestDuration } from './api';
import { click, clientEvent, failingClick, pageView, randomPage, send, startSession } from './clients';
import { BAD_RELEASE_CRASH, OUTAGE_FAILURE, STORM_MESSAGE } from './errors';
import { Rng, mixSeed } from './rng';
import type { DemoContext } from './context';

const STORM_MINUTES = 5;
const STORM_PER_MINUTE = 3_000;
const OUTAGE_MINUTES = 20;
const OUTAGE_FAILURES_PER_MINUTE = 48;
/** Share of outage 503s whose client logs the failure (the rest come from unlogged callers). */
const OUTAGE_CLIENT_SHARE = 0.4;
const CRASHES_IN_HOUR = 650;

/** A user rank on the given kind of device. */
function userOn(ctx: DemoContext, rng: Rng, mobile: boolean): number {
  for (;;) {
    const user = ctx.users.pick(rng);
    if ((ctx.users.platform[user] !== 'web') === mobile) return user;
  }
}

/**
 * A gradebook page stuck in a re-render loop: the same React warning about 3 000 times a minute
 * for five minutes, from one session, until the teacher closes the tab.
 */
export function logStorm(ctx: DemoContext): void {
  const rng = new Rng(mixSeed(ctx.plan.seed, 0x5702));
  const start = ctx.plan.storm;
  const s = startSession(ctx, rng, start, userOn(ctx, rng, false));
  pageView(ctx, s, start - 41 * SECOND, '/classes/' + (1 + rng.int(900)));
  pageView(ctx, s, start - 3_200, fillPath('/gradebook/:id', 1 + rng.int(900)));
  click(ctx, s, start - 600, 'tab#gradebook');
  const count = STORM_MINUTES * STORM_PER_MINUTE;
  const step = (STORM_MINUTES * MINUTE) / count;
  for (let i = 0; i < count; i++) {
    const t = start + Math.floor(i * step + rng.next() * step);
    const e = clientEvent(s, t, 'console', 1);
    e.level = 'warn';
    e.message = STORM_MESSAGE;
    e.component = 'GradebookTable';
    send(ctx, s, t, e);
  }
}

/** The api loses its database for twenty minutes: every route answers 503. */
export function databaseOutage(ctx: DemoContext): void {
  const rng = new Rng(mixSeed(ctx.plan.seed, 0x0a7e));
  const week = weekOf(ctx.plan, ctx.plan.outage);
  for (let m = 0; m < OUTAGE_MINUTES; m++) {
    const n = rng.poisson(OUTAGE_FAILURES_PER_MINUTE);
    for (let i = 0; i < n; i++) {
      const t = ctx.plan.outage + m * MINUTE + Math.floor(rng.next() * MINUTE);
      const user = ctx.users.pick(rng);
      if (rng.chance(OUTAGE_CLIENT_SHARE)) {
        const s = startSession(ctx, rng, t, user);
        pageView(ctx, s, t - 2_000 - rng.int(20_000), s.page);
        failingClick(ctx, rng, s, t, OUTAGE_FAILURE);
      } else {
        const req = failingRequest(rng, OUTAGE_FAILURE, user, week);
        const duration = requestDuration(rng, req);
        emitApiRequest(ctx, rng, t + duration, req, duration);
      }
    }
  }
}

/** Mobile 4.12.0 crashes when the gradebook opens, more as it rolls out, until 4.12.1 an hour later. */
export function crashingRelease(ctx: DemoContext): void {
  const rng = new Rng(mixSeed(ctx.plan.seed, 0xc7a5));
  for (let i = 0; i < CRASHES_IN_HOUR; i++) {
    const t = ctx.plan.badDeploy + Math.floor(HOUR * Math.sqrt(rng.next()));
    const s = startSession(ctx, rng, t, userOn(ctx, rng, true), BAD_APP_VERSION);
    pageView(ctx, s, t, randomPage(rng, s.platform));
    const crashAt = t + 4 * SECOND + rng.int(20 * SECOND);
    pageView(ctx, s, crashAt - 300 - rng.int(900), 'Gradebook');
    const e = clientEvent(s, crashAt, 'crash', 2);
    const crash = BAD_RELEASE_CRASH[s.platform === 'ios' ? 'ios' : 'android'];
    e.message = crash.message;
    e.stack = crash.stack;
    send(ctx, s, crashAt, e);
  }
}
