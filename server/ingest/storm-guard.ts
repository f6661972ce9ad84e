// The storm guard as an ingest stage (`IngestStages.guard`): every edge's events pass through it
// before the store. The rate logic is storm-rate.ts; this file adds what needs a process: a
// sweep that ends calm storms, the record of storms in meta.storms (written behind, never on
// the ingest path), counters for the admin page, and reports to the alert engine.
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
  private readonly ended: StormRecord[] = [];
  private timers: NodeJS.Timeout[] = [];
  private readonly clock: () => number;

  constructor(
    settings: StormSettings,
    private readonly options: StormGuardOptions = {},
  ) {
    this.detector = new StormDetector(settings);
    this.clock = options.clock ?? Date.now;
    this.guard = settings.threshold <= 0 && Object.values(settings.perSource).every((t) => t <= 0)
      ? (events) => events
      : (events) => {
          const kept = this.detector.admit(events, this.clock());
          const started = this.detector.drainStarted();
          // Reports leave the ingest path: the request is not held by the alert engine.
          if (started.length > 0) queueMicrotask(() => this.report(started.map((s) => toRecord(s)), 'started'));
          return kept;
        };
  }

  async start(): Promise<void> {
    if (this.options.meta) await closeAbandonedStorms(this.options.meta);
    const sweep = setInterval(() => this.sweep(), 1000);
    const flush = setInterval(() => void this.flush().catch((e: unknown) => console.error('storm guard: saving storms failed', e)), this.options.flushMs ?? 2000);
    sweep.unref();
    flush.unref();
    this.timers = [sweep, flush];
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    const ended = this.detector.endAll(this.clock()).map((s) => toRecord(s));
    this.ended.push(...ended);
    this.report(ended, 'ended');
    await this.flush(false);
  }

  /** Ends storms that calmed down (called every second). */
  sweep(): void {
    const ended = this.detector.sweep(this.clock()).map((s) => toRecord(s));
    this.ended.push(...ended);
    this.report(ended, 'ended');
  }

  /** Saves active and newly ended storms, and reports the active ones' progress. */
  async flush(reportProgress = true): Promise<void> {
    const active = this.detector.active().map((s) => toRecord(s));
    const ended = this.ended.splice(0);
    if (reportProgress) this.report(active, 'update');
    if (this.options.meta) await saveStorms(this.options.meta, [...active, ...ended]);
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
