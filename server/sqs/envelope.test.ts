import { describe, expect, it } from 'vitest';
import { envelopeInput, packEnvelopes, parseEnvelope, sqsSafe, type EnvelopeItem } from './envelope';

const context = { receivedAt: 1_763_640_000_000, source: 'web', stream: 'i-1' };

function roundTrip(body: string) {
  const parsed = parseEnvelope(body);
  if (!parsed.ok) throw new Error(parsed.error);
  return envelopeInput(parsed.envelope);
}

describe('SQS envelope', () => {
  it('packs events and lines into envelopes that each fit the limit, in order, and reads them back', () => {
    const items: EnvelopeItem[] = Array.from({ length: 500 }, (_, i) =>
      i % 2 === 0 ? { index: i, value: { n: i, message: 'é'.repeat(300) } } : { index: i, value: { n: i }, text: `{"n": ${i}, "pad": "${'x'.repeat(200)}"}` },
    );
    const max = 16 * 1024;
    const { envelopes, tooLarge } = packEnvelopes(context, items, max);
    expect(tooLarge).toEqual([]);
    expect(envelopes.length).toBeGreaterThan(10);
    expect(envelopes.flatMap((e) => e.indices)).toEqual(items.map((i) => i.index));
    for (const e of envelopes) {
      expect(e.bytes).toBe(Buffer.byteLength(e.body, 'utf8'));
      expect(e.bytes).toBeLessThanOrEqual(max);
    }
    // not wasteful: every envelope but the last is more than 90 % full
    for (const e of envelopes.slice(0, -1)) expect(e.bytes).toBeGreaterThan(max * 0.9);

    const { input, errors } = roundTrip(envelopes[0].body);
    expect(errors).toEqual([]);
    expect(input).toMatchObject({ source: 'web', stream: 'i-1', receivedAt: context.receivedAt });
    const n = input.values.map((v) => (v as { n: number }).n).sort((a, b) => a - b);
    expect(n).toEqual(envelopes[0].indices);
    // lines keep their text as sent (it becomes @message), events carry none
    const odd = input.values.findIndex((v) => (v as { n: number }).n % 2 === 1);
    expect(input.texts?.[odd]).toMatch(/^\{"n": \d+, "pad"/);
    expect(input.texts?.[input.values.findIndex((v) => (v as { n: number }).n % 2 === 0)]).toBeUndefined();
  });

  it('leaves out an event too large for any envelope and says which', () => {
    const { envelopes, tooLarge } = packEnvelopes({}, [{ index: 0, value: 'small' }, { index: 1, value: 'x'.repeat(2000) }, { index: 2, value: 'ok' }], 1024);
    expect(tooLarge).toEqual([1]);
    expect(envelopes.map((e) => e.indices)).toEqual([[0, 2]]);
  });

  it('sends a large event as its value when its quoted JSON text would not fit', () => {
    const value = { q: '"'.repeat(600) };
    const text = JSON.stringify(value); // ~1.2 KB as text, ~2.4 KB once quoted in the envelope
    const { envelopes, tooLarge } = packEnvelopes({}, [{ index: 0, value, text }], 2048);
    expect(tooLarge).toEqual([]);
    expect(JSON.parse(envelopes[0].body)).toEqual({ v: 1, events: [value] });
  });

  it('escapes the characters SQS refuses without changing the value', () => {
    const value = { message: 'a\uFFFFb\uFFFEc', ctl: '\u0001', lone: '\uD800' };
    const [env] = packEnvelopes({}, [{ index: 0, value }], 4096).envelopes;
    // eslint-disable-next-line no-control-regex
    expect(env.body).not.toMatch(/[\uFFFE\uFFFF\u0000-\u0008\uD800-\uDFFF]/);
    expect(roundTrip(env.body).input.values).toEqual([value]);
    expect(sqsSafe('"plain"')).toBe('"plain"');
  });

  it('lists a line that is not JSON as an error of its own and keeps the rest', () => {
    const { input, errors } = roundTrip(JSON.stringify({ v: 1, events: [{ a: 1 }], lines: ['{"b":2}', '{oops', '{"c":3}'] }));
    expect(input.values).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }]);
    expect(input.indices).toEqual([0, 1, 3]);
    expect(errors).toEqual([{ index: 2, error: expect.stringMatching(/^malformed JSON/) }]);
  });

  it('uses the SQS sent time when the producer gave no receive time', () => {
    const parsed = parseEnvelope('{"v":1,"events":["x"]}');
    if (!parsed.ok) throw new Error(parsed.error);
    expect(envelopeInput(parsed.envelope, 1234).input.receivedAt).toBe(1234);
  });

  it('refuses bodies that are not a v1 envelope, saying what is wrong', () => {
    expect(parseEnvelope('not json')).toMatchObject({ ok: false, error: expect.stringMatching(/not JSON/) });
    expect(parseEnvelope('{"v":2,"events":[]}')).toMatchObject({ ok: false, error: expect.stringMatching(/^.*v1: v:/) });
    expect(parseEnvelope('{"v":1,"event":[]}')).toMatchObject({ ok: false, error: expect.stringMatching(/event/) });
    expect(parseEnvelope('{"v":1,"lines":[1]}')).toMatchObject({ ok: false, error: expect.stringMatching(/lines\.0/) });
    expect(parseEnvelope('[]')).toMatchObject({ ok: false });
  });
});
