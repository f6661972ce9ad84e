/**
 * What every generator shares: the plan, the user pool, and the `emit` sink that queues raw events
 * for time-ordered output. Also how each logger spells the ids the normalizer unifies.
 */
import type { DemoPlan } from './calendar';
import type { FieldStyle } from './catalog';
import type { DemoEvent } from './generate';
import type { UserPool } from './users';

export interface AppRelease {
  version: string;
  at: number;
  pulled: boolean;
}

export type RawEvent = Record<string, unknown> | string;

export interface DemoContext {
  plan: DemoPlan;
  users: UserPool;
  /** Lambda log streams of the api containers alive today. */
  apiStreams: string[];
  /** Mobile releases in time order; a pulled release is skipped once a newer one ships. */
  appReleases: readonly AppRelease[];
  /** Queues one event; anything after `plan.now` is dropped. */
  emit(t: number, source: DemoEvent['source'], stream: string, event: RawEvent): void;
}

/** Sets a user id the way the given logger spells it. */
export function setUser(e: Record<string, unknown>, style: FieldStyle, id: number): void {
  if (style === 'nested') e.user = { id };
  else if (style === 'snake') e.user_id = id;
  else e.userId = id;
}

/** Sets a request id the way the given logger spells it. */
export function setRequest(e: Record<string, unknown>, style: FieldStyle, id: string): void {
  if (style === 'nested') e.request = { id };
  else if (style === 'snake') e.request_id = id;
  else e.requestId = id;
}
