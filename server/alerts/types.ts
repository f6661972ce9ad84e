// What the alerts API answers (shared with the console's components as types only).
import type { AlertState, FingerprintRuleConfig, RuleKind, StormRuleConfig, ThresholdRuleConfig } from '@/lib/alerts/rules';
import type { SampleEvent } from '@/lib/alerts/bursts';
import type { StormRecord } from '@/lib/alerts/storm';

type WithoutWebhook<T> = T extends unknown ? Omit<T, 'webhookUrl'> : never;

/** A stored rule, as the engine uses it. */
export type AlertRule = WithoutWebhook<FingerprintRuleConfig | ThresholdRuleConfig | StormRuleConfig> & {
  id: string;
  webhookUrl: string;
  snoozedUntil: number | null;
  createdBy: string | null;
  createdAt: number;
  updatedAt: number;
};

/** A rule as the console shows it: the webhook masked, with its state. */
export type RuleView = WithoutWebhook<AlertRule> & {
  webhook: string;
  states: Record<AlertState, number>;
  lastFiredAt: number | null;
  lastError: string | null;
  savedQueryName: string | null;
  suppressed: number;
  /** Alerts that fire under this rule now are not sent (rule or group snoozed). */
  snoozed: boolean;
};

export interface GroupView {
  key: string;
  label: string;
  state: AlertState;
  /** When the current state began. */
  since: number;
  lastSeen: number | null;
  /** Fingerprint rules: events in the current (or last) burst. */
  count: number | null;
  /** Threshold rules: the latest value; storms: events/s. */
  value: number | null;
  /** Threshold rules: the last m windows, newest last (true = breached, null = no data). */
  history: (boolean | null)[] | null;
  title: string | null;
  source: string | null;
  level: string | null;
  detail: string | null;
  snoozedUntil: number | null;
  sample: SampleEvent | null;
  exploreUrl: string | null;
}

export type MessageKind = 'alert' | 'update' | 'resolve' | 'storm' | 'test' | 'suppressed';

export interface DeliveryView {
  id: string;
  ruleId: string | null;
  ruleName: string;
  kind: MessageKind;
  groupKey: string | null;
  summary: string;
  status: 'sending' | 'sent' | 'failed';
  attempts: number;
  httpStatus: number | null;
  error: string | null;
  createdAt: number;
  finishedAt: number | null;
}

export type StormView = StormRecord & { exploreUrl: string };

export interface EngineStatus {
  feed: 'sinks' | 'poll';
  queuedEvents: number;
  /** Events the engine skipped because its queue was full (ingest never waits for it). */
  skippedEvents: number;
  lastPollAt: number | null;
  lastPollError: string | null;
}

export type { RuleKind };
