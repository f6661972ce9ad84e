// Query errors: a positioned, user-facing value. Internally the parser throws `ParseFailure`
// to unwind; `parse()` catches it, so the public API never throws.

export interface QueryError {
  message: string;
  /** 1-based line and column (columns count UTF-16 units, as editors do). */
  line: number;
  column: number;
  /** 0-based offset into the query text where the problem starts. */
  offset: number;
  /** Offset where the offending text ends (>= offset). */
  end: number;
  /** What the parser would have accepted here, when that is a short list. */
  expected?: string[];
  /** The offending line and a caret under the column. */
  excerpt: string;
}

export class ParseFailure {
  constructor(
    readonly message: string,
    readonly offset: number,
    readonly end: number,
    readonly expected?: string[],
  ) {}
}

const EXCERPT_WIDTH = 80;

export function toQueryError(src: string, f: ParseFailure): QueryError {
  const offset = Math.max(0, Math.min(f.offset, src.length));
  const end = Math.max(offset, Math.min(f.end, src.length));
  const lineStart = offset === 0 ? 0 : src.lastIndexOf('\n', offset - 1) + 1;
  let line = 1;
  for (let i = src.indexOf('\n'); i !== -1 && i < offset; i = src.indexOf('\n', i + 1)) line++;
  const column = offset - lineStart + 1;
  const err: QueryError = { message: f.message, line, column, offset, end, excerpt: excerpt(src, lineStart, offset) };
  if (f.expected && f.expected.length > 0) err.expected = f.expected;
  return err;
}

// One line with a caret; long lines (minified queries, megabyte strings) are clipped around
// the column so error messages stay readable.
function excerpt(src: string, lineStart: number, offset: number): string {
  let lineEnd = src.indexOf('\n', lineStart);
  if (lineEnd === -1) lineEnd = src.length;
  if (lineEnd > lineStart && src[lineEnd - 1] === '\r') lineEnd--;
  let from = lineStart;
  let to = lineEnd;
  let prefix = '';
  let suffix = '';
  if (to - from > EXCERPT_WIDTH) {
    from = Math.max(lineStart, offset - EXCERPT_WIDTH / 2);
    to = Math.min(lineEnd, from + EXCERPT_WIDTH);
    if (from > lineStart) prefix = '…';
    if (to < lineEnd) suffix = '…';
  }
  const text = src.slice(from, to);
  // Keep tabs so the caret lines up in a terminal; everything else becomes a space.
  const pad = src.slice(from, Math.min(offset, to)).replace(/[^\t]/g, ' ');
  return `${prefix}${text}${suffix}\n${' '.repeat(prefix.length)}${pad}^`;
}

/** `a`, `a or b`, `a, b or c` */
export function formatExpected(expected: string[]): string {
  if (expected.length <= 1) return expected.join('');
  return `${expected.slice(0, -1).join(', ')} or ${expected[expected.length - 1]}`;
}
