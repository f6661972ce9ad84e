/**
 * How Logline names things in CloudWatch Logs, shared by the writer (consumer), the query side
 * (console) and the live-tail bridge: one log group per source under a prefix, streams as sent.
 * CloudWatch allows `[.\-_/#A-Za-z0-9]` in group names (1–512) and anything but `:` and `*` in
 * stream names (1–512); other characters become `_`, so `sourceOfLogGroup` undoes only clean names.
 */
export const DEFAULT_LOG_GROUP_PREFIX = '/logline/';

/** What a prefix may hold (CloudWatch's group-name characters), checked wherever one is configured. */
export const LOG_GROUP_PREFIX_PATTERN = /^[.\-_/#A-Za-z0-9]{1,200}$/;

const MAX_NAME = 512;

export function logGroupName(prefix: string, source: string): string {
  return `${prefix}${source.replace(/[^.\-_/#A-Za-z0-9]/g, '_')}`.slice(0, MAX_NAME);
}

export function logStreamName(stream: string): string {
  const clean = stream.replace(/[:*]/g, '_').slice(0, MAX_NAME);
  return clean === '' ? 'default' : clean;
}

/** The source a Logline log group holds, or null for a group Logline does not own. */
export function sourceOfLogGroup(prefix: string, groupName: string): string | null {
  return groupName.startsWith(prefix) && groupName.length > prefix.length ? groupName.slice(prefix.length) : null;
}

/** Retention values PutRetentionPolicy accepts, in days. */
export const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;
