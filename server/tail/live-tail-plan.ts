import { toFilterPattern } from '@/lib/query/filter-pattern';
import { buildPredicate, compileFilterQuery } from '@/lib/query/predicate';
import { sourceOfLogGroup } from '../store/cloudwatch/log-groups';
import { type CloudWatchTailBridge, logGroupNameOf } from './cloudwatch-bridge';
import type { TailHub, TailTransport } from './hub';
import type { SubscribeMessage } from './protocol';
import type { Subscription } from './subscription';

export interface CloudWatchTailContext {
  hub: TailHub;
  bridge: CloudWatchTailBridge | null;
  logGroupPrefix: string;
  transport: TailTransport;
  /** Non-fatal news for the user (`notice` messages). */
  notice: (message: string) => void;
  /** The session failed for good; the subscription is over. */
  failed: (message: string) => void;
}

export type CloudWatchTailResult =
  | { ok: true; sub: Subscription; stop: () => void }
  | { ok: false; error: { message: string; line?: number; column?: number } };

/**
 * A subscription to CloudWatch log groups Logline does not ingest: the filter compiled once, its
 * CloudWatch filter pattern (lib/query/filter-pattern: never excludes an event the filter keeps)
 * pushed down to StartLiveTail, and the residual applied by the subscriber's hub path with the same
 * JS predicate as for Logline's own events — so sampling, the queue and the counters are the same too.
 * `stop` ends the StartLiveTail session (billed per minute) and the hub subscription.
 */
export function startCloudWatchTail(msg: SubscribeMessage, ctx: CloudWatchTailContext): CloudWatchTailResult {
  const { bridge, hub } = ctx;
  if (!bridge) return { ok: false, error: { message: 'CloudWatch log groups can be tailed in AWS mode only (LOGLINE_MODE=aws); here, pick Logline sources.' } };
  const own = msg.logGroups.map(logGroupNameOf).find((name) => sourceOfLogGroup(ctx.logGroupPrefix, name) !== null);
  if (own) return { ok: false, error: { message: `${own} holds a Logline source: pick the source "${sourceOfLogGroup(ctx.logGroupPrefix, own)}" instead (its live tail costs nothing per minute).` } };
  const compiled = compileFilterQuery(msg.filter);
  if (!compiled.ok) return { ok: false, error: { message: compiled.error.message, line: compiled.error.line, column: compiled.error.column } };
  const { pattern, residual } = toFilterPattern(compiled.expr);
  const sub = hub.subscribe({ sources: [], predicate: residual ? buildPredicate(residual) : null, maxRate: msg.maxRate, queueLimit: msg.buffer }, ctx.transport, 'external');
  let stopped = false;
  const session = bridge.start(
    { logGroupArns: [...new Set(msg.logGroups)], pattern },
    {
      events: (events, sampled) => {
        const now = Date.now();
        sub.markCloudwatchSampled(sampled);
        for (const e of events) sub.offer(e, now);
      },
      notice: ctx.notice,
      failed: (message) => {
        stop();
        ctx.failed(message);
      },
    },
  );
  function stop() {
    if (stopped) return;
    stopped = true;
    session.stop();
    hub.unsubscribe(sub.id);
  }
  return { ok: true, sub, stop };
}
