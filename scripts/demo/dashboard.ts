/**
 * The `assignment-dashboard` feature: a pilot with a few schools for five weeks, then a release
 * to everyone at the start of the latest complete week. Its weekly use counts are exact (they do
 * not follow `scale`) so the usage chart always tells the same story.
 */
import { HOUR, WEEK, WEEK_SHARE, weekOf, type DemoPlan } from './calendar';
import { DASHBOARD_FEATURE, DASHBOARD_PAGE } from './catalog';
import { featureUsed, pageView, startSession } from './clients';
import type { Rng } from './rng';
import type { DemoContext } from './context';

/** Uses per whole week, by week relative to the current one; the current week runs pro rata. */
export const DASHBOARD_WEEKLY_USES: Readonly<Record<number, number>> = {
  [-6]: 3_950,
  [-5]: 4_080,
  [-4]: 3_910,
  [-3]: 4_120,
  [-2]: 4_010,
  [-1]: 43_200,
  [0]: 43_900,
};

/** Uses in [hourStart, hourStart + span), where span is at most the rest of that hour. */
export function dashboardUses(plan: DemoPlan, hourStart: number, span: number): number {
  const week = weekOf(plan, hourStart);
  const perWeek = DASHBOARD_WEEKLY_USES[week] ?? 0;
  if (perWeek === 0) return 0;
  const h = Math.floor((hourStart - (plan.currentWeek + week * WEEK)) / HOUR);
  const before = WEEK_SHARE[h];
  const after = span >= HOUR ? WEEK_SHARE[h + 1] : before + (WEEK_SHARE[h + 1] - before) * (span / HOUR);
  return Math.round(perWeek * after) - Math.round(perWeek * before);
}

/** Short visits to the dashboard: a page view and one to five uses a few seconds apart. */
export function dashboardHour(ctx: DemoContext, rng: Rng, hourStart: number, span: number): void {
  let remaining = dashboardUses(ctx.plan, hourStart, span);
  const released = weekOf(ctx.plan, hourStart) >= -1;
  while (remaining > 0) {
    const uses = Math.min(remaining, 1 + rng.int(3) + rng.int(3));
    remaining -= uses;
    let t = hourStart + Math.floor(rng.next() * span);
    const user = released ? ctx.users.pick(rng) : ctx.users.pickPilot(rng);
    const s = startSession(ctx, rng, t, user);
    pageView(ctx, s, t, s.platform === 'web' ? DASHBOARD_PAGE : 'AssignmentDashboard');
    for (let i = 0; i < uses; i++) {
      t += 2_000 + rng.int(40_000);
      featureUsed(ctx, s, t, DASHBOARD_FEATURE);
    }
  }
}
