/**
 * The correlation view: every event sharing a request, session or trace id across sources, plus
 * the same browser session's events just around it (the click that started a request carries the
 * session, not yet the request id). Pure: the page runs the queries and draws the result.
 */
import { formatValue, parseResultTime, type Row } from '../charts/result-shape';
import type { Query } from '../query/ast';

export const TRACE_FIELDS = ['request.id', 'session.id', 'trace.id'] as const;
export type TraceField = (typeof TRACE_FIELDS)[number];

export const TRACE_LABELS: Record<TraceField, string> = { 'request.id': 'Request', 'session.id': 'Session', 'trace.id': 'Trace' };

/** How far around the event the queries look: a request lasts seconds, a session hours. */
export const TRACE_WINDOW_MS: Record<TraceField, number> = { 'request.id': 3_600_000, 'session.id': 12 * 3_600_000, 'trace.id': 3_600_000 };
/** Session events this long before the first and after the last shared event join the timeline. */
export const SESSION_MARGIN_MS = { before: 30_000, after: 5_000 };
export const TRACE_LIMIT = 1000;

const field = (name: string) => ({ kind: 'field' as const, path: name.split('.') });
const byTime: Query['commands'][number] = { kind: 'sort', keys: [{ expr: field('@timestamp'), order: 'asc' }] };

/** Every event whose `field` is `id`, oldest first. */
export function sharedQuery(by: TraceField, id: string): Query {
  return { commands: [{ kind: 'filter', expr: { kind: 'binary', op: '=', left: field(by), right: { kind: 'string', value: id } } }, byTime, { kind: 'limit', count: TRACE_LIMIT, any: false }] };
}

/** The events of these sessions (run over the margin around the shared events). */
export function sessionQuery(sessions: readonly string[]): Query {
  return {
    commands: [
      { kind: 'filter', expr: { kind: 'binary', op: 'in', left: field('session.id'), right: { kind: 'list', items: sessions.map((value) => ({ kind: 'string' as const, value })) } } },
      byTime,
      { kind: 'limit', count: 200, any: false },
    ],
  };
}

export interface TimelineEvent {
  at: number;
  /** Milliseconds after the first event of the timeline. */
  offset: number;
  source: string;
  /** Client events carry a session (or a platform); everything else is the server side. */
  side: 'client' | 'server';
  level: string | null;
  /** Carries the traced id itself (false: the same session, around it). */
  shared: boolean;
  title: string;
  row: Row;
}

export interface Timeline {
  events: TimelineEvent[];
  /** Sources in order of their first event: the lanes of the view. */
  lanes: string[];
  sessions: string[];
  /** Where it went wrong first, in words, or null when nothing failed. */
  verdict: string | null;
}

const text = (v: Row[string] | undefined) => (v === null || v === undefined ? '' : formatValue(v));

/** One line saying what the event is: a click, a page view, an api call, an error… */
export function describeEvent(r: Row): string {
  const event = text(r.event);
  const message = text(r.message);
  if (event === 'click') return `click on ${text(r.target) || 'an element'}${text(r.page) ? ` (${text(r.page)})` : ''}`;
  if (event === 'page_view') return `page view ${text(r.page)}`;
  if (r.route !== undefined && r.status !== undefined) {
    const call = `${text(r.method)} ${text(r.route)} → ${text(r.status)}${r.duration_ms !== undefined ? ` in ${text(r.duration_ms)} ms` : ''}`;
    return Number(r.status) >= 500 && message && !message.startsWith(text(r.method)) ? `${call}: ${message}` : call;
  }
  if (event === 'feature_used') return `used ${text(r.feature)}`;
  if (message) return event && event !== 'error' && event !== 'log' ? `${event}: ${message}` : message;
  return event || text(r['@message']).slice(0, 200);
}

const key = (r: Row) => `${text(r['@timestamp'])}\u0000${text(r['@logStream'])}\u0000${text(r['@message'])}`;
const isError = (e: TimelineEvent) => e.level === 'error' || e.level === 'fatal';

function ms(n: number): string {
  return n < 1000 ? `${Math.round(n)} ms` : `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)} s`;
}

/** The first failure and, when the other side failed later, how long after. */
function verdictOf(events: readonly TimelineEvent[]): string | null {
  const first = events.find(isError);
  if (!first) return null;
  const other = events.find((e) => isError(e) && e.side !== first.side);
  const where = first.side === 'server' ? `The server failed first: ${first.source}` : `The client failed first: ${first.source}`;
  const then = other ? `; ${other.source} reported an error ${ms(other.at - first.at)} later` : first.side === 'client' ? '; no server event failed' : '';
  return `${where} (“${first.title.length > 140 ? `${first.title.slice(0, 138)}…` : first.title}”)${then}.`;
}

/** Shared events and session context merged into one ordered timeline. */
export function buildTimeline(shared: readonly Row[], around: readonly Row[]): Timeline {
  const seen = new Set<string>();
  const rows: { row: Row; shared: boolean }[] = [];
  for (const [list, isShared] of [[shared, true], [around, false]] as const) {
    for (const row of list) {
      if (seen.has(key(row))) continue;
      seen.add(key(row));
      rows.push({ row, shared: isShared });
    }
  }
  const timed = rows.map((x) => ({ ...x, at: parseResultTime(x.row['@timestamp']) ?? 0 })).sort((a, b) => a.at - b.at || Number(b.shared) - Number(a.shared));
  const start = timed[0]?.at ?? 0;
  const events: TimelineEvent[] = timed.map(({ row, shared: s, at }) => ({
    at,
    offset: at - start,
    source: text(row['@log']) || 'default',
    side: row['session.id'] !== undefined || row.platform !== undefined ? 'client' : 'server',
    level: typeof row.level === 'string' ? row.level : null,
    shared: s,
    title: describeEvent(row),
    row,
  }));
  return {
    events,
    lanes: [...new Set(events.map((e) => e.source))],
    sessions: sessionsOf(shared),
    verdict: verdictOf(events),
  };
}

/** The client sessions among the shared events, whose neighbours give the timeline its start. */
export function sessionsOf(rows: readonly Row[]): string[] {
  return [...new Set(rows.map((r) => r['session.id']).filter((s): s is string => typeof s === 'string' && s !== ''))].slice(0, 20);
}

/** The range to look for a session's events: a margin around the shared events. */
export function sessionRange(shared: readonly Row[]): { start: number; end: number } | null {
  const times = shared.map((r) => parseResultTime(r['@timestamp'])).filter((t): t is number => t !== null);
  if (times.length === 0) return null;
  return { start: Math.min(...times) - SESSION_MARGIN_MS.before, end: Math.max(...times) + SESSION_MARGIN_MS.after };
}
