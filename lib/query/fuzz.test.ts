// Fuzzing: parse never throws, every answer is either an AST that round-trips or a positioned
// error; generated grammar-valid queries always parse; work grows linearly with input size.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseWithWork } from './index';
import { genQuery, genSoup, int, mutate, pick, rng } from './fuzz-gen';
import { roundTripProblem, spanProblem, splitSamples } from './test-helpers';

const SAMPLES_PATH = path.resolve(import.meta.dirname, '../../../shared/reference/insights-samples.txt');
const SAMPLES = splitSamples(fs.readFileSync(SAMPLES_PATH, 'utf8')).map((s) => s.query);

/** Checks one input; returns a problem description or null. */
function check(text: string, mustBeOk = false): string | null {
  let r: ReturnType<typeof parse>;
  try {
    r = parse(text);
  } catch (e) {
    return `parse threw ${String(e)}`;
  }
  if (r.ok) return roundTripProblem(r.query) ?? spanProblem(r.query, text.length);
  const e = r.error;
  if (mustBeOk) return `generated query failed: ${e.message} at ${e.line}:${e.column}`;
  if (!e.message || e.message.startsWith('Internal error')) return `bad message: ${e.message}`;
  if (!(e.offset >= 0 && e.offset <= text.length && e.end >= e.offset && e.end <= text.length)) return `bad offset ${e.offset}`;
  if (e.line < 1 || e.column < 1 || !e.excerpt.includes('^')) return `bad position ${e.line}:${e.column}`;
  if (text.length < 2000) {
    const before = text.slice(0, e.offset).split('\n');
    if (before.length !== e.line || before[before.length - 1].length + 1 !== e.column) return `line/column mismatch ${e.line}:${e.column}`;
  }
  return null;
}

function run(label: string, count: number, make: (i: number) => string, mustBeOk = false): { ok: number; total: number } {
  const failures: string[] = [];
  let ok = 0;
  for (let i = 0; i < count; i++) {
    const text = make(i);
    const problem = check(text, mustBeOk);
    if (problem) {
      if (failures.length < 5) failures.push(`${JSON.stringify(text)}\n  ${problem}`);
    } else if (parse(text).ok) {
      ok++;
    }
  }
  expect(failures, label).toEqual([]);
  return { ok, total: count };
}

describe('fuzz', () => {
  it('generated grammar-valid queries parse and round-trip (20 000)', () => {
    const r = rng(1);
    const { ok, total } = run('generated', 20_000, () => genQuery(r), true);
    expect(ok).toBe(total);
  });

  it('mutated sample and generated queries never throw and answer ok or a positioned error (60 000)', () => {
    const r = rng(2);
    const seeds = [...SAMPLES, ...Array.from({ length: 200 }, () => genQuery(r))];
    const { ok, total } = run('mutated', 60_000, () => {
      let s = pick(r, seeds);
      for (let k = int(r, 3); k >= 0; k--) s = mutate(r, s);
      return s;
    });
    console.log(`fuzz: ${ok} of ${total} mutated queries still parsed (all round-tripped); the rest gave positioned errors`);
    expect(ok).toBeGreaterThan(1000);
  });

  it('random token soups never throw (25 000)', () => {
    const r = rng(3);
    run('soup', 25_000, () => genSoup(r));
  });

  it('survives pathological inputs', () => {
    const mb = 1 << 20;
    const cases = [
      '('.repeat(100_000), `filter ${'('.repeat(100_000)}`, '['.repeat(100_000), ')'.repeat(100_000), '|'.repeat(100_000),
      `filter ${'-'.repeat(100_000)}1`, `filter ${'not '.repeat(100_000)}x`, `filter ${'!'.repeat(100_000)}x`,
      `filter ${'a+'.repeat(100_000)}a`, `filter ${'2^'.repeat(100_000)}2`, `filter ${'a.'.repeat(100_000)}b`,
      `filter x${'[0]'.repeat(100_000)}`, `fields ${'f('.repeat(50_000)}`, `filter ${'x in ('.repeat(50_000)}`,
      `filter a = "${'x'.repeat(mb)}"`, `filter a = "${'x'.repeat(mb)}`, `filter a like /${'y'.repeat(mb)}/`,
      `fields ${'b'.repeat(mb)}`, `fields \`${'c'.repeat(mb)}\``, `# ${'d'.repeat(mb)}\nfields a`, `${' '.repeat(mb)}fields a`,
      `fields ${'a, '.repeat(100_000)}a`, `${'fields a | '.repeat(50_000)}fields a`, '1'.repeat(mb), `limit ${'9'.repeat(400)}`,
      `filter a = ${'9'.repeat(mb)}`, '\ud800\udc00\ud800', '\0\0\0', `filter "\u2028" = '\u2029'`, '#', '`', '"', "'", '/',
      `filter a = /${'\\'.repeat(99_999)}`, `filter ${'(a) = '.repeat(10_000)}1`, 'fields a\r\n| sort a\r\n',
    ];
    for (const text of cases) expect(check(text), text.slice(0, 60)).toBeNull();
  });

  it('does work linear in the input size (n vs 8n)', () => {
    const shapes: Array<(n: number) => string> = [
      (n) => `fields ${Array.from({ length: n }, (_, i) => `f${i}`).join(', ')}`,
      (n) => `filter ${Array.from({ length: n }, (_, i) => `(a${i} = "v" or b like /x/)`).join(' and ')}`,
      (n) => Array.from({ length: n }, (_, i) => `filter x${i} > ${i} # note\n`).join('| '),
      (n) => `filter ${'a / b / '.repeat(n)}c`,
      (n) => `stats ${Array.from({ length: n }, (_, i) => `sum(x${i}) / count(*) as r${i}`).join(', ')} by bin(5m)`,
      (n) => `parse @message "${'*'.repeat(n)}" as ${Array.from({ length: n }, (_, i) => `c${i}`).join(', ')}`,
      (n) => `filter ${'a.'.repeat(n)}b[0].c`,
      (n) => `filter ${'-'.repeat(n)}1 = ${'('.repeat(50)}x${')'.repeat(50)}${' # c'.repeat(n)}`,
    ];
    // CPU time of this process (less disturbed than wall time by other load), best of 5.
    const cpuMs = (text: string): number => {
      let best = Infinity;
      for (let k = 0; k < 5; k++) {
        const u0 = process.cpuUsage();
        parse(text);
        const u = process.cpuUsage(u0);
        best = Math.min(best, (u.user + u.system) / 1000);
      }
      return best;
    };
    const ratios: string[] = [];
    for (const shape of shapes) {
      const small = shape(1_000);
      const big = shape(8_000);
      const ws = parseWithWork(small).work;
      const wb = parseWithWork(big).work;
      const size = big.length / small.length;
      // Counted work (characters scanned, tokens lexed, parser steps) grows with the input.
      expect(wb.chars / ws.chars).toBeLessThan(size * 1.25);
      expect(wb.tokens / ws.tokens).toBeLessThan(size * 1.25);
      expect(wb.steps / ws.steps).toBeLessThan(size * 1.25);
      // Each character is scanned at most twice (a position is re-lexed only to reread `/`).
      expect(wb.chars).toBeLessThanOrEqual(2 * big.length);
      // Time as a backstop for work the counters cannot see (copying, allocation). Linear is
      // ~8x, quadratic ~64x; the bound is generous because GC and shared CI machines are noisy.
      cpuMs(small);
      const ratio = cpuMs(big) / Math.max(cpuMs(small), 0.2);
      ratios.push(ratio.toFixed(1));
      expect(ratio).toBeLessThan(48);
    }
    console.log(`linear-time check: cpu time ratios for 8x input: ${ratios.join(', ')}`);
  });
});
