import { z } from 'zod';
import { hasRole } from '@/server/auth/roles';
import { route } from '@/server/auth/route';
import { ServiceError } from '@/server/meta/errors';
import { getUsageSettings } from '@/server/meta/team-settings';
import { getServices } from '@/server/registry';
import { adoptionReport } from '@/server/usage/adoption';
import { usageFields, usageSettings } from '@/lib/usage/settings';

export const dynamic = 'force-dynamic';

const instant = z.string().transform((s, ctx) => {
  const ms = /^\d+$/.test(s) ? Number(s) : Date.parse(s);
  if (!Number.isFinite(ms)) ctx.addIssue({ code: 'custom', message: 'use an ISO-8601 date or epoch milliseconds' });
  return ms;
});

const params = z.object({
  weeks: z.coerce.number().int().min(1).max(26).default(8),
  compareAt: instant.optional(),
  before: z.coerce.number().int().min(1).max(12).default(5),
  timeZone: usageFields.timeZone.optional(),
  baselineWeeks: z.coerce.number().int().min(1).max(12).optional(),
  eventFilter: usageFields.eventFilter.optional(),
  featureField: usageFields.featureField.optional(),
  userField: usageFields.userField.optional(),
});

/** Feature adoption per week (the /usage page). Trying another usage event is an ad-hoc query: developers only. */
export const GET = route('GET /api/usage', async (req, { user }) => {
  const p = params.parse(Object.fromEntries(new URL(req.url).searchParams));
  const { eventFilter, featureField, userField, timeZone, baselineWeeks } = p;
  if ([eventFilter, featureField, userField].some((v) => v !== undefined) && !hasRole(user!.role, 'developer')) {
    throw new ServiceError(403, 'Trying another usage event needs the developer role; viewers see the team definition');
  }
  const { meta, backend, config } = await getServices();
  const team = await getUsageSettings(meta, { timeZone: config.timeZone });
  const settings = usageSettings.parse({ ...team, ...Object.fromEntries(Object.entries({ eventFilter, featureField, userField, timeZone, baselineWeeks }).filter(([, v]) => v !== undefined)) });
  const report = await adoptionReport(backend, settings, { weeks: p.weeks, compareAt: p.compareAt, before: p.before, now: Date.now() }, req.signal);
  return Response.json(report);
});
