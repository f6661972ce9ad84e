// Alert rules as admins define them: the input schema shared by the form and the API.
import { z } from 'zod';

export const RULE_KINDS = ['fingerprint', 'threshold', 'storm'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export const ALERT_STATES = ['OK', 'ALERT', 'NO_DATA'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

export const MEASURES = ['count', 'avg', 'pct'] as const;
export type Measure = (typeof MEASURES)[number];

export const DEFAULT_ERROR_FILTER = 'level in ["error", "fatal"]';
export const DEFAULT_MESSAGES_PER_MINUTE = 10;

const DAY = 86_400;
const source = z.string().trim().min(1).max(512).regex(/^[\w.\-/]+$/, 'sources are letters, digits, and . _ - /');
const seconds = (min: number, max: number, what: string) =>
  z.number({ error: `${what} must be a number of seconds` }).int(`${what} must be whole seconds`).min(min, `${what} must be at least ${min} s`).max(max, `${what} may be at most ${max} s`);

const common = {
  name: z.string().trim().min(1, 'give the rule a name').max(120, 'names are at most 120 characters'),
  enabled: z.boolean().default(true),
  /** Omitted on an edit: the stored webhook stays. */
  webhookUrl: z.string().max(4096).optional(),
  maxMessagesPerMinute: z.number().int().min(1, 'allow at least 1 message a minute').max(60).default(DEFAULT_MESSAGES_PER_MINUTE),
  /** Least time between two follow-up messages about one group. */
  updateEverySeconds: seconds(1, DAY, 'the update interval').default(60),
};

export const fingerprintRuleInput = z.object({
  ...common,
  kind: z.literal('fingerprint'),
  /** Which events count: a QL filter expression, as in live tail. */
  filter: z.string().max(2000).default(DEFAULT_ERROR_FILTER),
  sources: z.array(source).max(20).default([]),
  /** A fingerprint seen again after this much silence is a regression and alerts again. */
  quietSeconds: seconds(1, 90 * DAY, 'the quiet period').default(DAY),
  /** A burst is over (resolve message) after this long without its events. */
  resolveAfterSeconds: seconds(1, DAY, 'the resolve delay').default(300),
});

export const thresholdRuleInput = z.object({
  ...common,
  kind: z.literal('threshold'),
  savedQueryId: z.string().min(1, 'pick a saved query').max(100),
  measure: z.enum(MEASURES),
  /** The result column read (stats queries); null: the first aggregate. */
  column: z.string().trim().max(200).nullable().default(null),
  comparator: z.enum(['above', 'below']),
  threshold: z.number({ error: 'the threshold must be a number' }).finite(),
  /** The query runs over the last `windowSeconds`, once per window. */
  windowSeconds: seconds(10, DAY, 'the window').default(300),
  /** Fires when the condition held in at least n of the last m windows. */
  n: z.number().int().min(1).max(20).default(1),
  m: z.number().int().min(1).max(20).default(1),
  sources: z.array(source).max(20).default([]),
});

export const stormRuleInput = z.object({
  ...common,
  kind: z.literal('storm'),
  /** Storms of these sources only (empty: all). */
  sources: z.array(source).max(20).default([]),
});

export const ruleInput = z
  .discriminatedUnion('kind', [fingerprintRuleInput, thresholdRuleInput, stormRuleInput], { error: 'kind must be fingerprint, threshold or storm' })
  .superRefine((r, ctx) => {
    if (r.kind === 'threshold' && r.n > r.m) ctx.addIssue({ code: 'custom', path: ['n'], message: `n (${r.n}) cannot exceed m (${r.m}): it fires after n of the last m windows` });
  });

export type RuleInput = z.input<typeof ruleInput>;
export type RuleConfig = z.output<typeof ruleInput>;
export type FingerprintRuleConfig = z.output<typeof fingerprintRuleInput>;
export type ThresholdRuleConfig = z.output<typeof thresholdRuleInput>;
export type StormRuleConfig = z.output<typeof stormRuleInput>;

/** What each measure reads from the saved query's result (shown in the form, used in messages). */
export const MEASURE_HELP: Record<Measure, { label: string; withStats: string; withoutStats: string }> = {
  count: {
    label: 'count',
    withStats: 'the sum of the chosen column over the rows of each group (e.g. `stats count(*) by route` → events per route in the window)',
    withoutStats: 'the number of events the query matched in the window (not cut by `limit`)',
  },
  avg: {
    label: 'avg',
    withStats: 'the mean of the chosen column over the rows of each group (e.g. `stats avg(duration_ms) by route`; with `bin()`, the mean of the bins)',
    withoutStats: 'not available: add `stats avg(<field>)` to the query',
  },
  pct: {
    label: 'pct',
    withStats: "each group's share of the column's total over all groups, in percent (e.g. `stats count(*) by status` → % of events per status)",
    withoutStats: 'the share of the events in the window (in the rule\'s sources) that the query matched, in percent (e.g. `filter level = "error"` → error rate)',
  },
};
