import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv';

describe('CSV export', () => {
  it.each([
    ['=HYPERLINK("http://evil")', `"'=HYPERLINK(""http://evil"")"`],
    ['+1+2', "'+1+2"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['plain', 'plain'],
    ['@timestamp', '@timestamp'],
    ['@x(1)', "'@x(1)"],
    ['a,b', '"a,b"'],
    ['line\nbreak', '"line\nbreak"'],
    ['say "hi"', '"say ""hi"""'],
  ])('escapes %j', (input, out) => {
    expect(csvCell(input)).toBe(out);
  });
  it('keeps numbers, booleans and empty cells as they are', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(null)).toBe('');
  });
  it('writes a header and one line per row in column order', () => {
    expect(toCsv(['a', 'b'], [{ a: 1, b: 'x' }, { b: '=1' }])).toBe(`a,b\r\n1,x\r\n,'=1\r\n`);
  });
});
