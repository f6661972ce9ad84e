// User text never becomes SQL text: field names, literals, regexes, patterns, paths, formats and
// source names carrying a marker compile to SQL without the marker (it travels as a bound
// parameter or base64), the SQL reads only the events table, and the results stay right.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, printPath, quote } from '@/lib/query';
import { compileToSql, type CompiledQuery } from './compile';
import { DAY, makeEvents, openStore, runText, T0 } from './testing';

const M = 'Zq9Mark';
const HOSTILE = [
  `x'); DROP TABLE events; --${M}`,
  `a"b\\c $1 ${M}`,
  `${M} {{p0}} $2::VARCHAR`,
  `;DROP${M}' OR '1'='1`,
  `é${M}\n\t☃`,
];
// Field names cannot hold control characters (the pipeline replaces them), so names drop them.
const F = (h: string) => printPath([h.replace(/[\n\t]/g, ' ')]);
const Q = (h: string) => quote(h);
const esc = (h: string) => h.replace(/[\\/$^.*+?()[\]{}|]/g, (c) => `\\${c}`).replace(/\n/g, '\\n').replace(/\t/g, '\\t');
const R = (h: string) => `/${esc(h)}/`;

function queriesFor(h: string): string[] {
  return [
    `filter ${F(h)} = ${Q(h)} | fields ${F(h)}, ${F(h)} as ${F(`${h}2`)}`,
    `filter ${F(h)} like ${Q(h)} or ${F(h)} =~ ${R(h)} or ${F(h)} in [${Q(h)}, ${Q(h)}, 1]`,
    `stats count(*) as ${F(h)} by ${F(h)}, bin(1h) | sort ${F(h)} desc`,
    `parse ${F(h)} ${Q(`${h}*${h}*`)} as a, b | parse @message /(?<g>${esc(h)})/ | filter a = ${Q(h)}`,
    `parse @message logfmt as lf | filter lf.${F(h)} = ${Q(h)}`,
    `json field=@message ${Q(`${h}.x`)} as j | fields j, jsonParse(@message).${F(h)}`,
    `fields concat(${F(h)}, ${Q(h)}) as c, replace(${F(h)}, ${Q(h)}, ${Q(h)}), formatDate(@timestamp, ${Q(h)}), regexReplace(${F(h)}, ${Q(h)}, ${Q(h)})`,
    `SOURCE logGroups(namePrefix: [${Q(h)}]) | dedup ${F(h)} | limit 3`,
    `SOURCE ${Q(h)} | filter ${F(h)} in (SOURCE ${Q(h)} | fields ${F(h)})`,
    `join type=left left=l right=r where l.${F(h)} = r.${F(h)} (SOURCE ${Q(h)}) | fields r.${F(h)}`,
    `filter isIpInSubnet(${F(h)}, "10.0.0.0/8") | pattern ${F(h)}`,
  ];
}

function compileText(text: string, sources: string[]): CompiledQuery {
  const parsed = parse(text);
  if (!parsed.ok) throw new Error(`${parsed.error.message}\n${text}`);
  return compileToSql(parsed.query, { start: T0, end: T0 + DAY, sources });
}

/** Every table a statement reads: CTE names it defines, or `events`. */
function readsOnlyEvents(sql: string): void {
  const ctes = new Set([...sql.matchAll(/(?:WITH |,\n)(\w+) AS \(/g)].map((m) => m[1]));
  for (const m of sql.matchAll(/\b(?:FROM|JOIN)\s+([A-Za-z_][\w.]*)(?!\s*\()/g)) {
    expect(m[1] === 'events' || ctes.has(m[1]), `reads ${m[1]}`).toBe(true);
  }
}

describe('SQL text never contains user text', () => {
  it.each(HOSTILE.map((h) => [JSON.stringify(h), h]))('%s', (_name, h) => {
    for (const text of queriesFor(h)) {
      const q = compileText(text, [h]);
      for (const sql of [q.sql, q.count.sql, q.scanned.sql]) {
        expect(sql, text).not.toContain(M);
        readsOnlyEvents(sql);
      }
      // The marker did reach DuckDB, as data.
      expect([...q.params, ...q.count.params, ...q.scanned.params].some((v) => String(v).includes(M)) || /from_base64/.test(q.sql), text).toBe(true);
    }
  });
});

describe('hostile text as data gives the right answers', () => {
  let store: Awaited<ReturnType<typeof openStore>>;
  const h = `it's "quoted" \\ $1 ;DROP TABLE events;-- ${M}`;
  beforeAll(async () => {
    store = await openStore();
    await store.backend.append(makeEvents([
      { at: 1, body: { [h]: h, k: 'a' } },
      { at: 2, body: { [h]: 'other', k: 'b' } },
      { at: 3, body: `prefix ${h} suffix` },
    ], { source: h }));
  });
  afterAll(async () => store.close());
  const run = (text: string) => runText(store.backend, text, { start: T0, end: T0 + DAY }, [h]);

  it('filters, groups and shows a field with a hostile name and value', async () => {
    expect((await run(`filter ${F(h)} = ${Q(h)} | fields k, ${F(h)}`)).rows).toEqual([{ k: 'a', [h]: h }]);
    expect((await run(`filter ispresent(${F(h)}) | stats count(*) as n by ${F(h)} | sort n desc, ${F(h)} asc`)).rows)
      .toEqual([{ [h]: h, n: 1 }, { [h]: 'other', n: 1 }]);
  });
  it('matches hostile substrings and regexes, and parses around them', async () => {
    expect((await run(`filter @message like ${Q(h)} | fields @message`)).rows).toEqual([{ '@message': `prefix ${h} suffix` }]);
    expect((await run(`filter @message =~ ${R(h)} | stats count(*) as n`)).rows).toEqual([{ n: 1 }]);
    expect((await run(`parse @message ${Q(`prefix * suffix`)} as inner | filter inner = ${Q(h)} | fields inner`)).rows).toEqual([{ inner: h }]);
  });
  it('selects a source with a hostile name', async () => {
    const r = await runText(store.backend, `SOURCE ${Q(h)} | stats count(*) as n`, { start: T0, end: T0 + DAY });
    expect(r.rows).toEqual([{ n: 3 }]);
    expect((await store.backend.query({ commands: [] }, { start: T0, end: T0 + DAY }, [`${h}'`])).rows).toEqual([]);
  });
});
