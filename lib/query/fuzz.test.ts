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
      `filter ${'a+'.repeat(200_000)}a`, `filter ${'2^'.repeat(200_000)}2`, `filter ${'a.'.repeat(100_000)}b`,
      `filter x${'[0]'.repeat(100_000)}`, `fields ${'f('.repeat(50_000)}`, `filter ${'x in ('.repeat(50_000)}`,
      `filter a = "${'x'.repeat(mb)}"`, `filter a = "${'x'.repeat(mb)}`, `filter a like /${'y'.repeat(mb)}/`,
      `fields ${'b'.repeat(mb)}`, `fields \`${'c'.repeat(mb)}\``, `# ${'d'.repeat(mb)}\nfields a`, `${' '.repeat(mb)}fields a`,
      `fields ${'a, '.repeat(200_000)}a`, `${'fields a | '.repeat(50_000)}fields a`, '1'.repeat(mb), `limit ${'9'.repeat(400)}`,
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
    ];
    for (const shape of shapes) {
      const small = shape(2_000);
      const big = shape(16_000);
      const ws = parseWithWork(small).work;
      const wb = parseWithWork(big).work;
      const sizeRatio = big.length / small.length;
      // Counted work: characters scanned and tokens lexed grow with the input, not its square.
      expect(wb.chars / ws.chars).toBeLessThan(sizeRatio * 1.2);
      expect(wb.tokens / ws.tokens).toBeLessThan(sizeRatio * 1.2);
      // Each character is scanned at most twice (a position is re-lexed only to reread `/`).
      expect(wb.chars).toBeLessThanOrEqual(2 * big.length);
      // Wall time as a sanity check, generous against noise: quadratic would be ~64x.
      const time = (text: string): number => {
        let best = Infinity;
        for (let k = 0; k < 3; k++) {
          const t0 = performance.now();
          parse(text);
          best = Math.min(best, performance.now() - t0);
        }
        return best;
      };
      time(small);
      expect(time(big) / Math.max(time(small), 0.5)).toBeLessThan(32);
    }
  });
});
