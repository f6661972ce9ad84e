// Every documented sample query (../shared/reference/insights-samples.txt) parses and
// round-trips, except the two the reference calls out as broken in the docs themselves.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, print, stripSpans } from './index';
import { mustParse, roundTripProblem, spanProblem, splitSamples } from './test-helpers';

const SAMPLES_PATH = path.resolve(import.meta.dirname, '../../../shared/reference/insights-samples.txt');
const samples = splitSamples(fs.readFileSync(SAMPLES_PATH, 'utf8'));

// Reference §8.10: "SOURCE example missing closing parenthesis (Source page)".
const isMissingParen = (m: string): boolean => m.includes('closing parenthesis is missing');
// Reference §1: "Values are always contained in quotation marks" — the Apache sample has an
// unquoted URL value (the samples file marks it "Verbatim: the referrer value is unquoted").
const isUnquotedValue = (m: string): boolean => m.includes('referrer value is unquoted');
const isBrokenInDocs = (m: string): boolean => isMissingParen(m) || isUnquotedValue(m);

describe('documented sample queries', () => {
  it('loads the samples file', () => {
    expect(samples.length).toBeGreaterThan(90);
  });

  it('parses, prints canonically and round-trips every well-formed sample', () => {
    const failures: string[] = [];
    let parsed = 0;
    for (const s of samples.filter((x) => !isBrokenInDocs(x.meaning))) {
      const r = parse(s.query);
      if (!r.ok) {
        failures.push(`${s.meaning}\n${s.query}\n→ ${r.error.message} at ${r.error.line}:${r.error.column}\n${r.error.excerpt}`);
        continue;
      }
      parsed++;
      const problem = roundTripProblem(r.query) ?? spanProblem(r.query, s.query.length);
      if (problem) failures.push(`${s.meaning}\n${problem}`);
    }
    console.log(`insights-samples.txt: ${parsed} of ${samples.length} samples parsed and round-tripped; ` +
      `${samples.filter((x) => isBrokenInDocs(x.meaning)).length} are broken in the docs and rejected with a positioned error`);
    expect(failures).toEqual([]);
    expect(parsed).toBe(samples.length - 2);
  });

  it('rejects the SOURCE sample whose closing parenthesis is missing, at the end, expecting ")"', () => {
    const s = samples.find((x) => isMissingParen(x.meaning));
    expect(s).toBeDefined();
    const r = parse(s?.query ?? '');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.offset).toBe(s?.query.length);
    expect(r.error.expected).toEqual(["')'", "','"]);
    // With the parenthesis the docs meant, it parses.
    const fixed = mustParse(`${s?.query})`);
    expect(stripSpans(fixed.commands[0])).toEqual({
      kind: 'source',
      selectors: [{ type: 'logGroups', accountIdentifiers: ['111122223333'], namePrefix: ['namePrefix1', 'namePrefix2'] }],
    });
  });

  it('rejects the Apache sample with an unquoted URL value, at the URL', () => {
    const s = samples.find((x) => isUnquotedValue(x.meaning));
    const text = s?.query ?? '';
    const r = parse(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.offset).toBe(text.indexOf('://'));
    expect(r.error.line).toBe(2);
    expect(r.error.message).toMatch(/Unexpected ':'/);
    // Quoting the value, as the reference requires, makes it valid.
    expect(parse(text.replace('http://34.250.27.141/', '"http://34.250.27.141/"')).ok).toBe(true);
  });

  it('prints a few samples in canonical form', () => {
    const canon = (q: string): string => print(mustParse(q));
    expect(canon('filter @type = "REPORT" |\n    stats avg(@duration), max(@duration), min(@duration) by bin(5m)'))
      .toBe('filter @type = "REPORT"\n| stats avg(@duration), max(@duration), min(@duration) by bin(5m)');
    expect(canon('FIELDS @message\n    | PARSE @message "* [*] *" as loggingTime, loggingType, loggingMessage\n' +
      '    | FILTER loggingType IN ["ERROR", "INFO"]\n    | DISPLAY loggingMessage, loggingType = "ERROR" as isError'))
      .toBe('fields @message\n| parse @message "* [*] *" as loggingTime, loggingType, loggingMessage\n' +
        '| filter loggingType in ["ERROR", "INFO"]\n| display loggingMessage, loggingType = "ERROR" as isError');
    expect(canon("filter status >= 500\n| join type=inner left=api right=lambda\n    where api.requestId=lambda.requestId\n" +
      "    (SOURCE '/aws/lambda/my-function')\n| sort api.latency desc"))
      .toBe("filter status >= 500\n| join type=inner left=api right=lambda where api.requestId = lambda.requestId " +
        "(SOURCE '/aws/lambda/my-function')\n| sort api.latency desc");
  });
});
