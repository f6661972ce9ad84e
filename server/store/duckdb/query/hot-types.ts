// Which typed (DOUBLE) hot fields have ever been sent with another type. Such a value is stored
// in attrs under the same name (status "teapot"), so reading the field must look there too — a
// CASE that doubled the cost of a typed group-by in measurements. Tracking it makes that cost
// appear only in stores that actually hold such values: known at startup by one probe, and kept
// current by looking at every appended event (two property reads per event).
import type { DuckDBInstance } from '@duckdb/node-api';
import type { LogEvent } from '@/lib/events';
import { EVENTS_TABLE, HOT_COLUMNS } from '../schema';
import { jsonPointer } from './sql';

const NUMERIC_HOT = HOT_COLUMNS.filter((h) => h.type === 'DOUBLE');

export class HotTypeTracker {
  private readonly mixed = new Set<string>();
  private probe: Promise<void> | null = null;

  /** Called with every batch before it is written. */
  note(events: readonly LogEvent[]): void {
    if (this.mixed.size === NUMERIC_HOT.length) return;
    for (const e of events) {
      for (const h of NUMERIC_HOT) {
        const v = e.fields[h.field];
        if (v !== undefined && v !== null && typeof v !== 'number') this.mixed.add(h.field);
      }
    }
  }

  /** Fields whose stored values may sit in attrs; probes the existing data once. */
  async fields(instance: DuckDBInstance): Promise<ReadonlySet<string>> {
    this.probe ??= this.scan(instance).catch((error: unknown) => {
      this.probe = null;
      throw error;
    });
    await this.probe;
    return this.mixed;
  }

  private async scan(instance: DuckDBInstance): Promise<void> {
    const conn = await instance.connect();
    try {
      // Our own constant names and pointers only (no user input).
      const checks = NUMERIC_HOT.map((h) =>
        `bool_or(${h.column} IS NULL AND contains(attrs, '${JSON.stringify(h.field)}:') AND json_extract(attrs, '${jsonPointer([h.field])}') IS NOT NULL)`);
      const r = await conn.runAndReadAll(`SELECT ${checks.join(', ')} FROM ${EVENTS_TABLE} WHERE attrs IS NOT NULL`);
      const row = r.getRows()[0] ?? [];
      NUMERIC_HOT.forEach((h, i) => {
        if (row[i] === true) this.mixed.add(h.field);
      });
    } finally {
      conn.closeSync();
    }
  }
}
