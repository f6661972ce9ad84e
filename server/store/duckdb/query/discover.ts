// Field discovery for the query builder: which fields the events of a range have, their type and
// how often they appear; and the most frequent values of one field.
import type { DuckDBInstance, DuckDBValue } from '@duckdb/node-api';
import type { Query } from '@/lib/query';
import type { FieldInfo, FieldType, FieldsResult, QueryOptions, TimeRange, ValueCount } from '../../query-result';
import { EVENTS_TABLE, HOT_COLUMNS } from '../schema';
import { runQuery, withDeadline } from './execute';
import { toNumber } from './result';
import { rangeCondition, sourceRange } from './source';
import { finalize, SqlParams } from './sql';

/** Above this many events in the range, fields are counted on a random sample of this size. */
export const FIELD_SAMPLE_SIZE = 200_000;

const SYSTEM_FIELDS: Array<[string, FieldType]> = [
  ['@timestamp', 'number'], ['@message', 'string'], ['@log', 'string'], ['@logStream', 'string'], ['@ingestionTime', 'number'],
];

function jsonType(t: string): FieldType | null {
  if (t === 'VARCHAR') return 'string';
  if (t === 'BOOLEAN') return 'boolean';
  if (t === 'BIGINT' || t === 'UBIGINT' || t === 'DOUBLE') return 'number';
  return null;
}

export async function discoverFields(instance: DuckDBInstance, range: TimeRange, sources: string[] | undefined, options: QueryOptions = {}): Promise<FieldsResult> {
  const params = new SqlParams();
  const cond = rangeCondition(sourceRange(undefined, { ...range, sources, now: Date.now() }, params), 0);
  const conn = await instance.connect();
  try {
    return await withDeadline(conn, options, async () => {
      const read = async (text: string): Promise<DuckDBValue[][]> => {
        const { sql, params: values } = finalize([], text, params);
        return (await conn.runAndReadAll(sql, values as DuckDBValue[])).getRows() as DuckDBValue[][];
      };
      const total = toNumber((await read(`SELECT count(*) FROM ${EVENTS_TABLE} WHERE ${cond}`))[0][0]) ?? 0;
      const sampled = total > FIELD_SAMPLE_SIZE;
      const hot = HOT_COLUMNS.map((h) => h.column);
      // Reservoir sampling: uniform over the range, repeatable so the list does not flicker.
      const rows = `(SELECT ${hot.join(', ')}, attrs FROM ${EVENTS_TABLE} WHERE ${cond}${sampled ? ` USING SAMPLE reservoir(${FIELD_SAMPLE_SIZE} ROWS) REPEATABLE (7)` : ''})`;
      const sample = finalize([], `CREATE OR REPLACE TEMP TABLE _discover AS SELECT * FROM ${rows}`, params);
      await conn.run(sample.sql, sample.params as DuckDBValue[]);
      const examined = Math.min(total, FIELD_SAMPLE_SIZE);
      const fields: FieldInfo[] = examined > 0 ? SYSTEM_FIELDS.map(([name, type]) => ({ name, type, count: examined, frequency: 1 })) : [];
      const hotCounts = (await read(`SELECT ${hot.map((c) => `count(${c})`).join(', ')} FROM _discover`))[0];
      HOT_COLUMNS.forEach((h, i) => {
        const count = toNumber(hotCounts[i]) ?? 0;
        if (count > 0) fields.push({ name: h.field, type: h.type === 'DOUBLE' ? 'number' : 'string', count, frequency: count / examined });
      });
      const attrs = await read(`SELECT j.key, j.type, count(*) FROM _discover, json_each(_discover.attrs) j GROUP BY 1, 2`);
      const byName = new Map<string, FieldInfo>();
      for (const [key, type, n] of attrs) {
        const t = jsonType(String(type));
        if (t === null) continue;
        const count = toNumber(n) ?? 0;
        const name = String(key);
        const seen = byName.get(name) ?? fields.find((f) => f.name === name);
        if (seen) {
          seen.count += count;
          seen.frequency = seen.count / examined;
          if (seen.type !== t) seen.type = 'mixed';
        } else {
          const info: FieldInfo = { name, type: t, count, frequency: count / examined };
          byName.set(name, info);
          fields.push(info);
        }
      }
      await conn.run('DROP TABLE IF EXISTS _discover');
      fields.sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1));
      return { fields, examined, total, sampled };
    });
  } finally {
    conn.closeSync();
  }
}

/** The `limit` most frequent values of a field in the range (ties by value). */
export async function topValues(
  instance: DuckDBInstance, field: string, range: TimeRange, sources: string[] | undefined, limit: number,
  options: QueryOptions = {}, mixedHotFields?: ReadonlySet<string>,
): Promise<ValueCount[]> {
  const ref = { kind: 'field' as const, path: [field] };
  const count = { kind: 'field' as const, path: ['count'] };
  const query: Query = {
    commands: [
      { kind: 'filter', expr: { kind: 'call', name: 'ispresent', args: [ref] } },
      { kind: 'stats', aggregations: [{ expr: { kind: 'call', name: 'count', args: [] }, alias: { name: 'count' } }], groupBy: [{ expr: ref, alias: { name: 'value' } }] },
      { kind: 'sort', keys: [{ expr: count, order: 'desc' }, { expr: { kind: 'field', path: ['value'] }, order: 'asc' }] },
      { kind: 'limit', count: limit, any: false },
    ],
  };
  const result = await runQuery(instance, query, { start: range.start, end: range.end, sources, mixedHotFields }, options);
  return result.rows.map((r) => ({ value: r.value ?? null, count: Number(r.count) }));
}
