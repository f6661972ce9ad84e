import { KNOWN_FUNCTIONS } from '@/lib/query/functions';

/** Commands offered by autocomplete and coloured by the editor. */
export const COMMANDS = [
  'fields', 'display', 'filter', 'stats', 'sort', 'limit', 'parse', 'dedup', 'unnest', 'pattern', 'diff', 'SOURCE', 'filterIndex',
  'lookup', 'join', 'addtotals', 'accum', 'autoregress', 'filldown', 'fillmissing', 'outlier', 'appendcols', 'sessionize', 'countFrequent',
];
const KEYWORDS = new Set(['as', 'by', 'and', 'or', 'not', 'in', 'like', 'asc', 'desc', 'any', 'multi', 'offset', 'true', 'false']);
const COMMAND_SET = new Set(COMMANDS.map((c) => c.toLowerCase()));
const FUNCTION_SET = new Set(KNOWN_FUNCTIONS.map((f) => f.toLowerCase()));

export type TokenKind = 'command' | 'keyword' | 'function' | 'field' | 'string' | 'regex' | 'number' | 'comment' | 'pipe' | 'text';
export interface Token {
  kind: TokenKind;
  text: string;
  start: number;
}

const PATTERN = /(#[^\n]*)|("(?:\\.|[^"\\])*"?|'(?:\\.|[^'\\])*'?)|(`[^`]*`?)|(\|)|(@?[A-Za-z_][\w.]*|@`[^`]*`?)|(\d+(?:\.\d+)?(?:ms|mo|s|m|h|d|w|q|y)?)|(\/(?:\\.|[^/\\\n])+\/)|(\s+)|(.)/g;

/** A forgiving tokenizer for colouring only: the parser decides what the text means. */
export function highlightTokens(text: string): Token[] {
  const out: Token[] = [];
  let expectCommand = true;
  for (const m of text.matchAll(PATTERN)) {
    const [whole, comment, str, tick, pipe, word, num, regex, space] = m;
    let kind: TokenKind = 'text';
    if (comment) kind = 'comment';
    else if (str) kind = 'string';
    else if (tick) kind = 'field';
    else if (pipe) kind = 'pipe';
    else if (word) {
      const lower = word.toLowerCase();
      if (expectCommand && COMMAND_SET.has(lower)) kind = 'command';
      else if (KEYWORDS.has(lower)) kind = 'keyword';
      else if (FUNCTION_SET.has(lower) && text[m.index + whole.length] === '(') kind = 'function';
      else kind = 'field';
    } else if (num) kind = 'number';
    else if (regex) kind = 'regex';
    if (!space && kind !== 'comment') expectCommand = kind === 'pipe';
    out.push({ kind, text: whole, start: m.index });
  }
  return out;
}

export const TOKEN_CLASS: Record<TokenKind, string> = {
  command: 'text-indigo-700 font-semibold',
  keyword: 'text-fuchsia-700',
  function: 'text-sky-700',
  field: 'text-slate-900',
  string: 'text-emerald-700',
  regex: 'text-amber-700',
  number: 'text-orange-700',
  comment: 'text-slate-400 italic',
  pipe: 'text-slate-400',
  text: 'text-slate-700',
};

/** Words to offer at the caret: commands after a pipe, else functions, fields and keywords. */
export function completions(text: string, caret: number, fields: readonly string[]): { prefix: string; items: string[] } {
  const before = text.slice(0, caret);
  const m = /(@?[\w.]*)$/.exec(before);
  const prefix = m ? m[1] : '';
  if (prefix.length === 0) return { prefix, items: [] };
  const atCommand = /(^|\|)\s*[\w]*$/.test(before);
  const lower = prefix.toLowerCase();
  const pool = atCommand ? COMMANDS : [...fields, ...KNOWN_FUNCTIONS.map((f) => `${f}(`), ...KEYWORDS];
  const items = [...new Set(pool)].filter((w) => w.toLowerCase().startsWith(lower) && w.toLowerCase() !== lower).slice(0, 12);
  return { prefix, items };
}
