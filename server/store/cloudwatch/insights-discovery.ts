// Field discovery, top values and the latest events in AWS mode, each the cheapest CloudWatch way:
//
// - fields: GetLogGroupFields, one call per log group. Not a Logs Insights query: it scans
//   nothing billed per GB and takes no concurrent-query slot. CloudWatch answers from the
//   16 minutes around a time (8 before, 8 after), with the share of events holding each field
//   and no types, so the list is a sample of that window (`window` in the answer). We centre it
//   at the end of the range, or at the group's last event when that window was empty.
// - values: a Logs Insights query (`stats count(*) by field`), billed by the bytes it scans like
//   any other; Explore asks for it only on demand in AWS mode.
// - latest: a Logs Insights query over the last day before `before`; billed. Explore and the
//   tail page list sources without it (GET /api/events?limit=0).
import { DescribeLogStreamsCommand, GetLogGroupFieldsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { flatten, normalizeField } from '@/lib/events';
import type { Query } from '@/lib/query';
import type { LatestOptions, StoredEvent } from '../backend';
import type { FieldInfo, FieldType, FieldsResult, QueryOptions, ResultValue, TimeRange, ValueCount } from '../query-result';
import type { CloudWatchInsights } from './insights';
import { parseResultTime } from './insights-result';
import type { LogGroupInfo } from './log-group-catalog';

/** GetLogGroupFields looks 8 minutes either side of its `time`. */
export const FIELD_WINDOW_MS = 8 * 60_000;
/** Groups asked for their fields (the largest first); each call is one API request. */
export const FIELD_GROUPS = 20;

const KNOWN_TYPES: Record<string, FieldType> = {
  '@timestamp': 'number', '@ingestionTime': 'number', '@message': 'string', '@log': 'string', '@logStream': 'string',
  status: 'number', duration_ms: 'number', level: 'string', 'user.id': 'string', 'request.id': 'string', 'session.id': 'string', 'trace.id': 'string', 'span.id': 'string',
};

/** The centre of the 16-minute window: at the range's end (not in the future), inside the range. */
export function fieldWindowCentre(range: TimeRange, now: number): number {
  const end = Math.min(range.end, now);
  if (end - range.start <= 2 * FIELD_WINDOW_MS) return Math.round((range.start + end) / 2);
  return end - FIELD_WINDOW_MS;
}

async function groupFields(client: CloudWatchLogsClient, group: string, centre: number, signal?: AbortSignal) {
  const out = await client.send(new GetLogGroupFieldsCommand({ logGroupName: group, time: Math.floor(centre / 1000) }), { abortSignal: signal });
  return (out.logGroupFields ?? []).filter((f): f is { name: string; percent: number } => typeof f.name === 'string' && typeof f.percent === 'number');
}

async function lastEventAt(client: CloudWatchLogsClient, group: string, signal?: AbortSignal): Promise<number | null> {
  const out = await client.send(new DescribeLogStreamsCommand({ logGroupName: group, orderBy: 'LastEventTime', descending: true, limit: 1 }), { abortSignal: signal });
  return out.logStreams?.[0]?.lastEventTimestamp ?? null;
}

/** Runs `work` over the items, `width` at a time (API rate limits are per account). */
async function inBatches<T, R>(items: readonly T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += width) out.push(...(await Promise.all(items.slice(i, i + width).map(work))));
  return out;
}

export async function discoverFields(client: CloudWatchLogsClient, groups: readonly LogGroupInfo[], range: TimeRange, options: QueryOptions = {}, now = Date.now()): Promise<FieldsResult> {
  const chosen = [...groups].sort((a, b) => b.storedBytes - a.storedBytes).slice(0, FIELD_GROUPS);
  const centre = fieldWindowCentre(range, now);
  // One group refusing (deleted meanwhile, throttled) leaves the others' fields; all refusing is an error.
  const failures: unknown[] = [];
  const tolerant = (g: LogGroupInfo, fetch: () => Promise<Array<{ name: string; percent: number }>>) =>
    fetch().then((fields) => ({ g, fields }), (error: unknown) => {
      if (options.signal?.aborted) throw error;
      failures.push(error);
      return { g, fields: [] };
    });
  let found = await inBatches(chosen, 4, (g) => tolerant(g, () => groupFields(client, g.name, centre, options.signal)));
  if (chosen.length > 0 && failures.length === chosen.length) throw failures[0];
  if (found.every((f) => f.fields.length === 0)) {
    // Nothing in that window: look where each group last received events, if that is in range.
    found = await inBatches(chosen, 4, (g) => tolerant(g, async () => {
      const last = await lastEventAt(client, g.name, options.signal);
      if (last === null || last < range.start || last > range.end) return [];
      return groupFields(client, g.name, Math.max(range.start, last - FIELD_WINDOW_MS), options.signal);
    }));
  }
  const answered = found.filter((f) => f.fields.length > 0);
  const weights = answered.map((f) => Math.max(1, f.g.storedBytes));
  const total = weights.reduce((a, b) => a + b, 0);
  const share = new Map<string, number>();
  answered.forEach((f, i) => {
    for (const field of f.fields) share.set(field.name, (share.get(field.name) ?? 0) + (field.percent / 100) * (weights[i] / total));
  });
  const fields: FieldInfo[] = [...share].map(([name, frequency]) => ({ name, type: KNOWN_TYPES[name] ?? 'mixed', count: 0, frequency: Math.min(1, frequency) }));
  fields.sort((a, b) => b.frequency - a.frequency || (a.name < b.name ? -1 : 1));
  return { fields, examined: 0, total: 0, sampled: true, window: { start: centre - FIELD_WINDOW_MS, end: centre + FIELD_WINDOW_MS } };
}

/** `filter ispresent(f) | stats count(*) as count by f as value | sort count desc, value asc | limit n` */
export function topValuesQuery(field: string, limit: number): Query {
  const ref = { kind: 'field' as const, path: [field] };
  return {
    commands: [
      { kind: 'filter', expr: { kind: 'call', name: 'ispresent', args: [ref] } },
      { kind: 'stats', aggregations: [{ expr: { kind: 'call', name: 'count', args: [{ kind: 'star' }] }, alias: { name: 'count' } }], groupBy: [{ expr: ref, alias: { name: 'value' } }] },
      { kind: 'sort', keys: [{ expr: { kind: 'field', path: ['count'] }, order: 'desc' }, { expr: { kind: 'field', path: ['value'] }, order: 'asc' }] },
      { kind: 'limit', count: limit, any: false },
    ],
  };
}

export async function topValues(insights: CloudWatchInsights, field: string, range: TimeRange, sources: readonly string[], limit: number, options?: QueryOptions): Promise<ValueCount[]> {
  const result = await insights.query(topValuesQuery(field, limit), range, sources, options);
  return result.rows.map((r) => ({ value: r.value ?? null, count: Number(r.count ?? 0) }));
}

const LATEST_WINDOW_MS = 86_400_000;

function latestQuery(limit: number): Query {
  const ts = { kind: 'field' as const, path: ['@timestamp'] };
  return { commands: [{ kind: 'sort', keys: [{ expr: ts, order: 'desc' }] }, { kind: 'limit', count: limit, any: false }] };
}

const text = (v: ResultValue | undefined) => (v === null || v === undefined ? '' : String(v));

export function toStoredEvent(row: Record<string, ResultValue>): StoredEvent {
  const message = text(row['@message']);
  let fields: StoredEvent['fields'] = {};
  try {
    const parsed = message.startsWith('{') ? (JSON.parse(message) as unknown) : null;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) fields = { ...flatten(parsed as Record<string, unknown>, [], normalizeField).fields };
  } catch {
    // A text line: no fields beyond the system ones.
  }
  const fingerprint = typeof fields['@fingerprint'] === 'string' ? fields['@fingerprint'] : '';
  delete fields['@fingerprint'];
  return {
    timestamp: parseResultTime(row['@timestamp']) ?? 0,
    ingestionTime: parseResultTime(row['@ingestionTime']) ?? 0,
    log: text(row['@log']),
    logStream: text(row['@logStream']),
    message,
    fingerprint,
    fields,
  };
}

/** The newest events of the last day before `before` (a billed Logs Insights query). */
export async function latestEvents(insights: CloudWatchInsights, { limit, sources, before }: LatestOptions, now = Date.now()): Promise<StoredEvent[]> {
  const end = (before ?? now + 1) - 1;
  const result = await insights.query(latestQuery(limit), { start: end - LATEST_WINDOW_MS, end }, sources ?? []);
  return result.rows.map(toStoredEvent);
}
