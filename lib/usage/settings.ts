import { z } from 'zod';
import { isTimeZone } from '../time/zone';

/** A flattened field name as users type it (`feature`, `user.id`, `@log`). */
const fieldName = z.string().trim().min(1, 'name a field').max(256).refine((s) => !/[\u0000-\u001f`]/.test(s), 'field names cannot hold control characters or backticks');

/** Each setting on its own, without defaults: for partial overrides (a URL, a form). */
export const usageFields = {
  /** A Logs Insights filter expression selecting the events that mean "a feature was used". */
  eventFilter: z.string().trim().min(1, 'describe the usage event, e.g. event = "feature_used"').max(2000),
  /** The field naming the feature. */
  featureField: fieldName,
  /** The field that tells users apart, for unique users. */
  userField: fieldName,
  /** Weeks start Monday 00:00 in this IANA zone. */
  timeZone: z.string().trim().refine(isTimeZone, 'use an IANA time zone name such as Europe/Berlin or America/New_York'),
  /** The weeks averaged for "vs the N weeks before". */
  baselineWeeks: z.number().int().min(1).max(12),
};

/**
 * What "a feature was used" means for this team, and how its weeks are counted. Admins set the
 * team default; developers can try another definition on the page (it lives in the URL).
 */
export const usageSettings = z.object({
  eventFilter: usageFields.eventFilter.default('event = "feature_used"'),
  featureField: usageFields.featureField.default('feature'),
  userField: usageFields.userField.default('user.id'),
  timeZone: usageFields.timeZone.default('UTC'),
  baselineWeeks: usageFields.baselineWeeks.default(4),
});
export type UsageSettings = z.infer<typeof usageSettings>;
export const DEFAULT_USAGE_SETTINGS: UsageSettings = usageSettings.parse({});
