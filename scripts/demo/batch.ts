/**
 * Nightly batch jobs: start and finish lines with row counts and durations, a few progress lines,
 * an occasional failure. Two jobs print plain text lines, the others log JSON.
 */
import { MINUTE, SECOND, isoMillis, isoSeconds, weekday } from './calendar';
import type { Rng } from './rng';
import type { DemoContext } from './context';

interface Job {
  name: string;
  /** Minutes after midnight UTC. */
  at: number;
  plain: boolean;
  /** Rows on a weekday night. */
  rows: number;
  rowsPerSecond: number;
  parts: number;
  failure: string;
  failRate: number;
}

const JOBS: readonly Job[] = [
  { name: 'sis-roster-import', at: 90, plain: false, rows: 52_000, rowsPerSecond: 900, parts: 4, failRate: 0.04,
    failure: 'SIS API returned 502 Bad Gateway for district 17; aborting import' },
  { name: 'grade-sync', at: 135, plain: false, rows: 9_000, rowsPerSecond: 120, parts: 3, failRate: 0.05,
    failure: 'grade sync failed: OAuth token expired for district 4 (invalid_grant)' },
  { name: 'nightly-export', at: 180, plain: true, rows: 18_000, rowsPerSecond: 450, parts: 4, failRate: 0.03,
    failure: 'botocore.exceptions.ClientError: An error occurred (SlowDown) when calling the PutObject operation' },
  { name: 'db-vacuum', at: 250, plain: true, rows: 400_000, rowsPerSecond: 20_000, parts: 3, failRate: 0.02,
    failure: 'canceling statement due to lock timeout on relation "submissions"' },
  { name: 'usage-rollup', at: 270, plain: false, rows: 240_000, rowsPerSecond: 6_000, parts: 2, failRate: 0.02,
    failure: 'MemoryError: Unable to allocate 1.9 GiB for an array with shape (250000000,)' },
  { name: 'reminder-emails', at: 660, plain: false, rows: 3_400, rowsPerSecond: 40, parts: 2, failRate: 0.03,
    failure: 'SES throttled: Maximum sending rate exceeded (Throttling)' },
];

const VACUUM_TABLES = ['grades', 'submissions', 'assignments', 'comments', 'notifications'];

function plainProgress(job: Job, part: number, rows: number): string {
  return job.name === 'db-vacuum'
    ? `db-vacuum: ${VACUUM_TABLES[part % VACUUM_TABLES.length]}: removed ${rows} dead row versions`
    : `nightly-export: part ${part + 1}/${job.parts} uploaded (${rows} rows)`;
}

function plainStart(job: Job, t: number): string {
  return job.name === 'db-vacuum'
    ? 'db-vacuum: VACUUM (ANALYZE) starting on 5 tables'
    : `nightly-export: starting export of gradebook snapshots to s3://classwork-exports/${isoSeconds(t).slice(0, 10)}/`;
}

/** One run of each nightly job on the night starting at `day` (00:00 UTC). */
export function batchDay(ctx: DemoContext, rng: Rng, day: number, dayNumber: number): void {
  const weekend = weekday(day) >= 5;
  for (const job of JOBS) {
    const start = day + job.at * MINUTE + rng.int(90 * SECOND);
    const runId = `${isoSeconds(start).slice(0, 10)}-${rng.hex(3)}`;
    const stream = `${job.name}/${runId}`;
    const upper = rng.chance(0.5);
    const log = (t: number, severity: 0 | 2, message: string, extra?: Record<string, number>): void => {
      if (job.plain) {
        // Plain lines carry whole seconds; emit them at that time so the output stays in order.
        const second = Math.floor(t / SECOND) * SECOND;
        ctx.emit(second, 'batch', stream, `${isoSeconds(second)} ${message}`);
        return;
      }
      const level = severity === 2 ? (upper ? 'ERROR' : 'error') : upper ? 'INFO' : 'info';
      ctx.emit(t, 'batch', stream, { timestamp: isoMillis(t), level, job: job.name, run_id: runId, message, ...extra });
    };
    const rows = Math.round(job.rows * (weekend ? 0.45 : 1) * (1 + 0.004 * dayNumber) * (0.85 + 0.3 * rng.next()));
    const seconds = (rows / job.rowsPerSecond) * (0.8 + 0.5 * rng.next());
    const failAt = rng.chance(job.failRate) ? rng.int(job.parts) : -1;
    log(start, 0, job.plain ? plainStart(job, start) : `${job.name} started`);
    let t = start;
    let done = 0;
    for (let part = 0; part < job.parts; part++) {
      t += Math.round((seconds * SECOND) / job.parts);
      if (part === failAt) {
        const elapsed = ((t - start) / SECOND).toFixed(1);
        log(t, 2, job.plain ? `${job.name}: ERROR failed after ${elapsed}s: ${job.failure}` : job.failure, {
          rows_done: done,
          duration_s: Number(elapsed),
        });
        break;
      }
      const partRows = part === job.parts - 1 ? rows - done : Math.round(rows / job.parts);
      done += partRows;
      if (job.plain) log(t, 0, plainProgress(job, part, partRows));
      else log(t, 0, `${job.name} processed batch ${part + 1}/${job.parts}`, { rows: partRows });
    }
    if (failAt >= 0) continue;
    t += 200 + rng.int(1_500);
    const total = ((t - start) / SECOND).toFixed(1);
    if (job.plain) {
      log(t, 0, job.name === 'db-vacuum' ? `db-vacuum: done in ${total}s` : `nightly-export: wrote ${rows} rows in ${total}s`);
    } else {
      log(t, 0, `${job.name} finished: ${rows} rows in ${total}s`, { rows, duration_s: Number(total) });
    }
  }
}
