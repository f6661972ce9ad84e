import type { LogEvent } from '@/lib/events';
import { toFilterPattern } from '@/lib/query/filter-pattern';
import { buildPredicate, compileFilterQuery } from '@/lib/query/predicate';
import { sourceOfLogGroup } from '../store/cloudwatch/log-groups';
import { type CloudWatchTailBridge, type LiveTailRequest, logGroupNameOf } from './cloudwatch-bridge';

export type LiveTailPlan =
  | { ok: true; bridge: CloudWatchTailBridge; request: LiveTailRequest; residual: ((e: LogEvent) => boolean) | null }
  | { ok: false; error: { message: string; line?: number; column?: number } };

/**
 * A subscription to CloudWatch log groups: the filter compiled once, its CloudWatch filter pattern
 * (lib/query/filter-pattern: it never excludes an event the filter keeps) for StartLiveTail, and
 * the residual, which the hub applies with the same JS predicate as for Logline's own events.
 */
export function planLiveTail(filter: string, logGroupArns: string[], bridge: CloudWatchTailBridge | null, logGroupPrefix: string): LiveTailPlan {
  if (!bridge) return { ok: false, error: { message: 'CloudWatch log groups can be tailed in AWS mode only (LOGLINE_MODE=aws); here, pick Logline sources.' } };
  const own = logGroupArns.map(logGroupNameOf).find((name) => sourceOfLogGroup(logGroupPrefix, name) !== null);
  if (own) return { ok: false, error: { message: `${own} holds a Logline source: pick the source "${sourceOfLogGroup(logGroupPrefix, own)}" instead (its live tail costs nothing per minute).` } };
  const compiled = compileFilterQuery(filter);
  if (!compiled.ok) return { ok: false, error: { message: compiled.error.message, line: compiled.error.line, column: compiled.error.column } };
  const { pattern, residual } = toFilterPattern(compiled.expr);
  return { ok: true, bridge, request: { logGroupArns: [...new Set(logGroupArns)], pattern }, residual: residual ? buildPredicate(residual) : null };
}
