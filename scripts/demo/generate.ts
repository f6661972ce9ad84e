/**
 * Deterministic demo data for Logline: eight weeks (plus the current partial week) of raw events
 * from a plausible SaaS product, as its clients would send them to the ingest endpoint. Field
 * spellings are deliberately mixed; the pipeline's normalizer unifies them.
 */
import { apiHour, apiStreamsFor } from './api';
import { batchDay } from './batch';
import { DAY, HOUR, makePlan, type DemoPlan } from './calendar';
import { APP_RELEASES, BAD_APP_VERSION, HOTFIX_APP_VERSION } from './catalog';
import { sessionsHour } from './clients';
import { dashboardHour } from './dashboard';
import { crashingRelease, databaseOutage, logStorm } from './incidents';
import { Rng, mixSeed } from './rng';
import type { AppRelease, DemoContext, RawEvent } from './context';
import { UserPool } from './users';

export interface DemoEvent {
  source: 'api' | 'web' | 'app' | 'batch';
  stream: string;
  event: Record<string, unknown> | string;
}

export interface DemoOptions {
  now: number /* epoch ms */;
  seed?: number /* default 42 */;
  scale?: number /* default 1: multiplies volume of background traffic, for tests use 0.01 */;
}

const BATCH_SIZE = 5_000;

interface Timed {
  t: number;
  e: DemoEvent;
}

function appReleases(plan: DemoPlan): AppRelease[] {
  return [
    ...APP_RELEASES.map((r) => ({ version: r.version, at: plan.start + r.day * DAY + 16 * HOUR, pulled: false })),
    { version: BAD_APP_VERSION, at: plan.badDeploy, pulled: true },
    { version: HOTFIX_APP_VERSION, at: plan.badDeploy + HOUR, pulled: false },
  ];
}

/** Everything that starts on the UTC day `day`; sessions may run past midnight. */
function generateDay(ctx: DemoContext, day: number): void {
  const { plan } = ctx;
  const dayNumber = Math.floor(day / DAY);
  const rng = (component: number): Rng => new Rng(mixSeed(plan.seed, dayNumber, component));
  ctx.apiStreams = apiStreamsFor(rng(1), day);
  batchDay(ctx, rng(2), day, Math.round((day - plan.start) / DAY));
  const api = rng(3);
  const sessions = rng(4);
  const dashboard = rng(5);
  for (let hour = day; hour < day + DAY && hour <= plan.now; hour += HOUR) {
    const span = Math.min(HOUR, plan.now + 1 - hour);
    apiHour(ctx, api, hour, span);
    sessionsHour(ctx, sessions, hour, span);
    dashboardHour(ctx, dashboard, hour, span);
  }
  const incidents: [number, (c: DemoContext) => void][] = [
    [plan.storm, logStorm],
    [plan.outage, databaseOutage],
    [plan.badDeploy, crashingRelease],
  ];
  for (const [at, run] of incidents) if (at >= day && at < day + DAY) run(ctx);
}

/** Yields batches of 5 000 raw events in time order, from the first week's Monday up to `now`. */
export function* generateDemo(opts: DemoOptions): Generator<DemoEvent[]> {
  const plan = makePlan(opts);
  let pending: Timed[] = [];
  const ctx: DemoContext = {
    plan,
    users: new UserPool(plan.seed),
    apiStreams: [],
    appReleases: appReleases(plan),
    emit(t: number, source: DemoEvent['source'], stream: string, event: RawEvent): void {
      if (t <= plan.now && t >= plan.start) pending.push({ t, e: { source, stream, event } });
    },
  };
  let batch: DemoEvent[] = [];
  for (let day = plan.start; day <= plan.now; day += DAY) {
    generateDay(ctx, day);
    pending.sort((a, b) => a.t - b.t);
    // Keep what spills past midnight: the next day's events sort in with it.
    const last = day + DAY <= plan.now ? day + DAY : Infinity;
    let i = 0;
    for (; i < pending.length && pending[i].t < last; i++) {
      batch.push(pending[i].e);
      if (batch.length === BATCH_SIZE) {
        yield batch;
        batch = [];
      }
    }
    pending = pending.slice(i);
  }
  if (batch.length > 0) yield batch;
}

/** A markdown description of the demo data, for the README. */
export function describeDemo(): string {
  return [
    'The demo data is eight weeks of raw events (plus the current week up to now) from **Classwork**,',
    'an imaginary assignments-and-grading product for schools: 500 000 to 650 000 events (more the later',
    'in the week `now` falls), generated deterministically by `scripts/demo/generate.ts` (the same `now`',
    'and seed give the same events). They are sent exactly as clients would send them, so field',
    'spellings are mixed on purpose: `userId`, `user_id` and `user: {id}`; `requestId`, `request_id` and',
    '`request: {id}`; levels such as `INFO`, `info`, `Warning`, `ERROR`; ISO-8601 timestamps from the api',
    'and batch jobs, epoch milliseconds from the clients.',
    '',
    '- **`api`**: request logs of a Django backend on Lambda (streams like `2026/11/20/[$LATEST]9f…`): 16',
    '  routes with `method`, `route`, `status`, `duration_ms` (log-normal; the gradebook and exports are slow)',
    '  and a message like `GET /api/assignments/123 200 in 84ms`. About 1–2 % are 5xx with level error, an',
    '  exception message and a Python traceback in `stack`. Busier on weekdays and in US daytime.',
    '- **`web`** and **`app`** (iOS and Android): sessions of `page_view`, `click` and `feature_used`',
    '  events with `session.id`, the user, `app.version` and the browser or OS. 2 000 users, a few of',
    '  them far more active than the rest.',
    '- **Client errors you can trace**: when a click calls the api and gets a 5xx, the client logs an',
    '  error carrying the same request id a few hundred ms after the api logged the failure, so one',
    '  request id shows click → api request → exception → client error.',
    '- **A feature launch**: `assignment-dashboard` is piloted at about 4 000 uses a week for five',
    '  weeks, then released to everyone: about 43 000 uses in the latest complete week, with many more',
    '  distinct users. Other features stay steady; `quiz-builder` and `comment-bank` grow slowly and',
    '  `legacy-reports` declines.',
    '- **`batch`**: six nightly jobs (roster import, grade sync, export, vacuum, usage rollup, reminder',
    '  emails) with start, progress and finish lines, row counts and durations, and an occasional',
    '  failure; `nightly-export` and `db-vacuum` print plain text lines.',
    '- **Incidents to find**: a log storm about ten days ago (one web session stuck in a re-render loop',
    '  logs the same `Maximum update depth exceeded` warning 15 000 times in five minutes); a',
    '  twenty-minute database outage about three weeks ago (api 503s and matching client errors); and',
    '  a mobile release (`4.12.0`) that crashed on the gradebook for an hour until the `4.12.1` hotfix.',
  ].join('\n');
}
