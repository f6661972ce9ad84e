// The storm guard as an ingest stage (`IngestStages.guard`): every edge's events pass through it
// before the store. The rate logic is storm-rate.ts; this file adds the sweep that ends calm
// storms and forgets idle keys (run from `guard` itself at most once a second, so a Lambda or
// `logline worker` that never calls start() is correct too), the record of storms in meta.storms
// (written behind, never on the ingest path), counters for the admin page, and reports to the
// alert engine.
import type { StormPhase, StormRecord, StormReport } from '@/lib/alerts/storm';
import type { MetaDb } from '../meta/db';
import type { EventGuard } from './pipeline';
import { StormDetector, type StormSettings } from './storm-rate';
import { closeAbandonedStorms, listStorms, saveStorms, toRecord } from './storm-store';

export type StormListener = (report: StormReport) => void;

export interface StormGuardOptions {
  /** Where storms are recorded; none (e.g. in a Lambda) keeps them in memory only. */
  meta?: MetaDb;
  onStorm?: StormListener;
  clock?: () => number;
  /** How often storms are saved and reported while they last. */
  flushMs?: number;
}

/** How often the guard sweeps (from `guard` as events arrive, and from start()'s timer). */
export const SWEEP_EVERY_MS = 1000;
/** Ended storms kept until saved (or, without meta as in a Lambda, for list()): bounded memory. */
const MAX_UNSAVED_ENDED = 1000;

export interface StormTotals {
  storms: number;
  sampledOut: number;
  keptForStorms: number;
  untrackedEvents: number;
  trackedKeys: number;
}

export class StormGuard {
  readonly detector: StormDetector;
  /** For `IngestStages.guard`. */
  readonly guard: EventGuard;
  /** Ended storms not saved yet: they leave only once a save succeeded. */
  private ended: StormRecord[] = [];
  private saving: Promise<void> | null = null;
  private timers: NodeJS.Timeout[] = [];
  private readonly clock: () => number;
  private lastSweepAt: number | null = null;

  constructor(
    settings: StormSettings,
    private readonly options: StormGuardOptions = {},
  ) {
    this.detector = new StormDetector(settings);
    this.clock = options.clock ?? Date.now;
    this.guard = settings.threshold <= 0 && Object.values(settings.perSource).every((t) => t <= 0)
      ? (events) => events
      : (events) => {
          const now = this.clock();
          // Without this a process that never runs start()'s timer keeps sampling a calm key forever.
          if (this.lastSweepAt === null || now - this.lastSweepAt >= SWEEP_EVERY_MS) this.sweep(now);
          const kept = this.detector.admit(events, now);
          const started = this.detector.drainStarted();
          // Reports leave the ingest path: the request is not held by the alert engine.
          if (started.length > 0) queueMicrotask(() => this.report(started.map((s) => toRecord(s)), 'started'));
          return kept;
        };
  }

  async start(): Promise<void> {
    if (this.options.meta) await closeAbandonedStorms(this.options.meta);
    // Sweeps when no events arrive at all, so a storm that stopped dead still ends (and is reported).
    const sweep = setInterval(() => this.sweep(), SWEEP_EVERY_MS);
    // A save still running (a slow disk) is not joined by another: the next tick catches up.
    const flush = setInterval(() => {
      if (!this.saving) void this.flush().catch((e: unknown) => console.error('storm guard: saving storms failed (kept to retry)', e));
    }, this.options.flushMs ?? 2000);
    sweep.unref();
    flush.unref();
    this.timers = [sweep, flush];
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    const ended = this.detector.endAll(this.clock()).map((s) => toRecord(s));
    this.keepEnded(ended);
    this.report(ended, 'ended');
    await this.flush(false);
  }

  /** Ends storms that calmed down and forgets idle keys (at most every second from `guard`, and on start()'s timer). */
  sweep(now = this.clock()): void {
    this.lastSweepAt = now;
    const ended = this.detector.sweep(now).map((s) => toRecord(s));
    this.keepEnded(ended);
    this.report(ended, 'ended');
  }

  private keepEnded(ended: StormRecord[]): void {
    this.ended.push(...ended);
    // Without meta nothing saves them, and a store that keeps failing must not grow memory forever.
    const over = this.ended.length - MAX_UNSAVED_ENDED;
    if (over > 0) {
      this.ended.splice(0, over);
      if (this.options.meta) console.error(`storm guard: ${over} ended storms could not be saved and were dropped`);
    }
  }

  /** Saves active and newly ended storms, and reports the active ones' progress; one save at a time. */
  async flush(reportProgress = true): Promise<void> {
    // Two saves at once would both write, then both drop, the same ended storms.
    while (this.saving) await this.saving.catch(() => undefined);
    const run = this.save(reportProgress);
    this.saving = run;
    try {
      await run;
    } finally {
      if (this.saving === run) this.saving = null;
    }
  }

  private async save(reportProgress: boolean): Promise<void> {
    const active = this.detector.active().map((s) => toRecord(s));
    const ended = [...this.ended];
    if (reportProgress) this.report(active, 'update');
    if (this.options.meta) await saveStorms(this.options.meta, [...active, ...ended]);
    // Saved (or nowhere to save them): drop these, not the storms that ended meanwhile.
    const done = new Set(ended);
    this.ended = this.ended.filter((s) => !done.has(s));
  }

  totals(): StormTotals {
    return { ...this.detector.totals, trackedKeys: this.detector.trackedKeys };
  }

  active(): StormRecord[] {
    return this.detector.active().map((s) => toRecord(s));
  }

  /** Active storms first (live figures), then past ones (those not saved yet, then the table). */
  async list(limit = 200): Promise<StormRecord[]> {
    const active = [...this.active(), ...this.ended];
    const ids = new Set(active.map((s) => s.id));
    const past = this.options.meta ? (await listStorms(this.options.meta, limit)).filter((s) => !ids.has(s.id)) : [];
    return [...active, ...past].slice(0, limit);
  }

  private report(storms: readonly StormRecord[], phase: StormPhase): void {
    if (!this.options.onStorm) return;
    for (const s of storms) {
      try {
        this.options.onStorm({ ...s, phase });
      } catch (error) {
        console.error('storm guard: the alert engine failed on a storm report', error);
      }
    }
  }
}
