// Conformance over the official samples (../shared/reference/insights-samples.txt): every sample
// parses (or is one of the two the docs themselves break); every sample the local engine supports
// runs on fixture events built for its documented meaning, and the result is checked; the rest are
// refused with a message saying they run in AWS mode. The counts are printed and exported.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from '@/lib/query';
import { splitSamples } from '@/lib/query/test-helpers';
import { CASES_1 } from './conformance-cases-1';
import { CASES_2 } from './conformance-cases-2';
import { CASES_3 } from './conformance-cases-3';
import type { SampleCase } from './conformance-types';
import { DAY, makeEvents, openStore, runText, T0 } from './testing';

const SAMPLES = splitSamples(fs.readFileSync(path.resolve(import.meta.dirname, '../../../../../shared/reference/insights-samples.txt'), 'utf8'));
const CASES: SampleCase[] = [...CASES_1, ...CASES_2, ...CASES_3];

/** The table the lead quotes: filled in as the tests run. */
export const conformanceCounts = { samples: SAMPLES.length, parsed: 0, parseRejected: 0, executed: 0, refusedAwsOnly: 0, rejectedInvalid: 0 };
const refusedList: string[] = [];

interface Planned { index: number; text: string; meaning: string; c: SampleCase; base: number }

function plan(): Planned[] {
  return SAMPLES.map((s, index) => {
    // The most specific case wins: `| pattern @message\n| anomaly` over `pattern @message`.
    const matches = CASES.filter((c) => s.query.includes(c.find)).sort((a, b) => b.find.length - a.find.length);
    const c = matches[0];
    if (!c || (matches[1] && matches[1].find.length === c.find.length)) throw new Error(`sample ${index} has ${matches.length} cases: ${s.query}`);
    return { index, text: s.query, meaning: s.meaning, c, base: c.base?.() ?? T0 + (index + 1) * 2 * DAY };
  });
}

let store: Awaited<ReturnType<typeof openStore>>;
const planned = plan();

beforeAll(async () => {
  store = await openStore();
  const events = planned.flatMap((p) => makeEvents(p.c.events ?? [], { source: `sample-${p.index}`, base: p.base }));
  await store.backend.append(events);
});

afterAll(async () => {
  const c = conformanceCounts;
  console.log([
    '', 'insights-samples.txt conformance (local engine)',
    `| samples | parsed | parse-rejected (broken in docs) | executed + checked | refused (AWS mode) | rejected as invalid (docs) |`,
    `|---|---|---|---|---|---|`,
    `| ${c.samples} | ${c.parsed} | ${c.parseRejected} | ${c.executed} | ${c.refusedAwsOnly} | ${c.rejectedInvalid} |`,
    '', 'refused:', ...refusedList.map((r) => `  - ${r}`), '',
  ].join('\n'));
  await store.close();
});

describe('insights-samples.txt', () => {
  it('has one case per sample', () => {
    expect(new Set(planned.map((p) => p.c)).size).toBe(SAMPLES.length);
    expect(CASES.length).toBe(SAMPLES.length);
  });

  it.each(planned.map((p) => [`#${p.index} ${p.meaning.slice(0, 90)}`, p] as const))('%s', async (_name, p) => {
    const parsed = parse(p.text);
    if (parsed.ok) conformanceCounts.parsed++;
    else {
      conformanceCounts.parseRejected++;
      expect(p.c.fixed, `sample ${p.index} does not parse: ${parsed.error.message}`).toBeDefined();
    }
    const text = parsed.ok ? p.text : (p.c.fixed as (t: string) => string)(p.text);
    const range = { start: p.base + (p.c.range?.from ?? 0), end: p.base + (p.c.range?.to ?? 2 * DAY - 1) };
    const run = runText(store.backend, text, range, p.c.sources);
    if (p.c.refused) {
      await expect(run).rejects.toThrow(p.c.refused);
      conformanceCounts.refusedAwsOnly++;
      refusedList.push(`#${p.index} ${text.replace(/\s+/g, ' ').slice(0, 80)} — ${(await run.catch((e: unknown) => e as Error) as Error).message}`);
      return;
    }
    if (p.c.invalid) {
      await expect(run).rejects.toThrow(p.c.invalid);
      conformanceCounts.rejectedInvalid++;
      return;
    }
    const result = await run;
    expect(p.c.check, `sample ${p.index} has no check`).toBeDefined();
    p.c.check?.(result, p.base);
    conformanceCounts.executed++;
  });
});
