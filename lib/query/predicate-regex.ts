// RE2 (the flavour Logs Insights and DuckDB use) → a JavaScript RegExp with the same matches.
// Look-around, back-references and inline flags other than a leading `(?flags)` are refused,
// as RE2 (or Node) cannot run them; everything else is rewritten so JS behaves like RE2:
// `.` excludes only \n, `\s` is [\t\n\f\r ], `\A`/`\z`, `\Q…\E`, `\pL`, POSIX classes,
// `(?P<name>…)`, literal `{`, and `(?i)` as the `i` flag. Patterns compile in Unicode mode, so
// they work on code points like RE2 does on UTF-8.
import { regexInlineFlags } from './inspect';

export class RegexError extends Error {}

const SPACE = '\\t\\n\\f\\r ';
const NOT_SPACE_RANGES = '\\0-\\x08\\x0B\\x0E-\\x1F\\x21-\\u{10FFFF}';
const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z', alpha: 'A-Za-z', ascii: '\\0-\\x7F', blank: '\\t ', cntrl: '\\0-\\x1F\\x7F', digit: '0-9',
  graph: '!-~', lower: 'a-z', print: ' -~', punct: '!-\\/:-@\\[-`{-~', space: '\\t\\n\\v\\f\\r ', upper: 'A-Z',
  word: '0-9A-Za-z_', xdigit: '0-9A-Fa-f',
};
const GENERAL_CATEGORIES = new Set([
  'L', 'Lu', 'Ll', 'Lt', 'Lm', 'Lo', 'M', 'Mn', 'Mc', 'Me', 'N', 'Nd', 'Nl', 'No', 'P', 'Pc', 'Pd', 'Ps', 'Pe', 'Pi',
  'Pf', 'Po', 'S', 'Sm', 'Sc', 'Sk', 'So', 'Z', 'Zs', 'Zl', 'Zp', 'C', 'Cc', 'Cf', 'Cs', 'Co', 'Any',
]);
/** Characters that must stay escaped in a Unicode-mode JS pattern. */
const SYNTAX = new Set([...'^$\\.*+?()[]{}|/']);
const MAX_REPEAT = 1000;

interface Flags {
  dotAll: boolean;
  multiLine: boolean;
}

/** Translates a `/…/` pattern; throws RegexError with a user-facing message. */
export function translateRegex(pattern: string): RegExp {
  const { flags, body } = regexInlineFlags(pattern);
  for (const f of flags) {
    if (!'imsU'.includes(f)) throw new RegexError(`unknown regex flag '${f}' in (?${flags})`);
  }
  const source = translateBody(body, { dotAll: flags.includes('s'), multiLine: flags.includes('m') });
  try {
    return new RegExp(source, flags.includes('i') ? 'iu' : 'u');
  } catch (error) {
    const why = error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error);
    throw new RegexError(`invalid regular expression /${pattern}/: ${why}`);
  }
}

function translateBody(p: string, flags: Flags): string {
  let out = '';
  let i = 0;
  while (i < p.length) {
    const ch = p[i];
    if (ch === '\\') {
      const [text, next] = escapeOutside(p, i, flags);
      out += text;
      i = next;
    } else if (ch === '[') {
      const [text, next] = charClass(p, i);
      out += text;
      i = next;
    } else if (ch === '(') {
      const [text, next] = group(p, i);
      out += text;
      i = next;
    } else if (ch === '.') {
      out += flags.dotAll ? '[\\s\\S]' : '[^\\n]';
      i++;
    } else if (ch === '^') {
      out += flags.multiLine ? '(?:^|(?<=\\n))' : '^';
      i++;
    } else if (ch === '$') {
      out += flags.multiLine ? '(?:$|(?=\\n))' : '$';
      i++;
    } else if (ch === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i));
      if (m) {
        const lo = Number(m[1]);
        const hi = m[3] ? Number(m[3]) : lo;
        if (lo > MAX_REPEAT || hi > MAX_REPEAT) throw new RegexError(`invalid repetition size: ${m[0]} (at most ${MAX_REPEAT})`);
        out += m[0];
        i += m[0].length;
      } else {
        out += '\\{';
        i++;
      }
    } else if (ch === '}' || ch === ']') {
      out += `\\${ch}`;
      i++;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

function group(p: string, i: number): [string, number] {
  if (p[i + 1] !== '?') return ['(', i + 1];
  const rest = p.slice(i + 2);
  if (rest.startsWith(':')) return ['(?:', i + 3];
  if (/^<?[=!]/.test(rest)) {
    throw new RegexError('look-around ((?=…), (?!…), (?<=…), (?<!…)) is not supported: it is not part of RE2');
  }
  const named = /^P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest);
  if (named) return [`(?<${named[1]}>`, i + 2 + named[0].length];
  throw new RegexError(`the group ${JSON.stringify(p.slice(i, i + 6))}… is not supported here: inline flags are only accepted at the very start, as (?i)`);
}

function unicodeProperty(p: string, i: number): [string, number] {
  // p[i] is 'p' or 'P'
  const negated = p[i] === 'P';
  let name: string;
  let next: number;
  if (p[i + 1] === '{') {
    const close = p.indexOf('}', i + 2);
    if (close === -1) throw new RegexError('missing } after \\p{');
    name = p.slice(i + 2, close);
    next = close + 1;
  } else {
    name = p[i + 1] ?? '';
    next = i + 2;
  }
  let neg = negated;
  if (name.startsWith('^')) {
    neg = !neg;
    name = name.slice(1);
  }
  if (!/^[A-Za-z_]+$/.test(name)) throw new RegexError(`invalid Unicode class \\p{${name}}`);
  const prop = GENERAL_CATEGORIES.has(name) ? name : `Script=${name}`;
  return [`\\${neg ? 'P' : 'p'}{${prop}}`, next];
}

/** Escapes valid both outside and inside classes; returns undefined for class-specific ones. */
function commonEscape(p: string, i: number, inClass: boolean): [string, number] | undefined {
  const c = p[i + 1];
  if (c === undefined) throw new RegexError('the pattern ends with a lone backslash');
  if ('dDwWnrtfv'.includes(c)) return [`\\${c}`, i + 2];
  if (c === 'a') return ['\\x07', i + 2];
  if (c === 'p' || c === 'P') return unicodeProperty(p, i + 1);
  if (c === 'x') {
    const braced = /^\{([0-9A-Fa-f]{1,6})\}/.exec(p.slice(i + 2));
    if (braced) return [`\\u{${braced[1]}}`, i + 2 + braced[0].length];
    const two = /^[0-9A-Fa-f]{2}/.exec(p.slice(i + 2));
    if (two) return [`\\x${two[0]}`, i + 4];
    throw new RegexError('invalid \\x escape');
  }
  if (c === '0') {
    const oct = /^[0-7]{0,2}/.exec(p.slice(i + 2))?.[0] ?? '';
    return [`\\u{${parseInt(`0${oct}`, 8).toString(16)}}`, i + 2 + oct.length];
  }
  if (/[1-9]/.test(c)) throw new RegexError(`back-reference \\${c} is not supported: it is not part of RE2`);
  if (/[A-Za-z]/.test(c)) return undefined;
  // Escaped punctuation is the character itself.
  return [SYNTAX.has(c) || (inClass && c === '-') ? `\\${c}` : c, i + 2];
}

function literalChar(c: string): string {
  return SYNTAX.has(c) ? `\\${c}` : c;
}

function escapeOutside(p: string, i: number, flags: Flags): [string, number] {
  const c = p[i + 1];
  if (c === 's') return [`[${SPACE}]`, i + 2];
  if (c === 'S') return [`[^${SPACE}]`, i + 2];
  if (c === 'b' || c === 'B') return [`\\${c}`, i + 2];
  if (c === 'A') return [flags.multiLine ? '(?<![\\s\\S])' : '^', i + 2];
  if (c === 'z') return ['(?![\\s\\S])', i + 2];
  if (c === 'Q') {
    const end = p.indexOf('\\E', i + 2);
    const lit = p.slice(i + 2, end === -1 ? p.length : end);
    return [Array.from(lit).map(literalChar).join(''), end === -1 ? p.length : end + 2];
  }
  if (c === 'E') return ['', i + 2];
  const common = commonEscape(p, i, false);
  if (common) return common;
  throw new RegexError(`unsupported escape \\${c}`);
}

function charClass(p: string, start: number): [string, number] {
  let i = start + 1;
  let out = '[';
  if (p[i] === '^') {
    out += '^';
    i++;
  }
  if (p[i] === ']') {
    out += '\\]';
    i++;
  }
  for (;;) {
    if (i >= p.length) throw new RegexError('missing ] in a character class');
    const ch = p[i];
    if (ch === ']') return [`${out}]`, i + 1];
    if (ch === '[') {
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(p.slice(i));
      if (posix) {
        if (posix[1] || !POSIX[posix[2]]) throw new RegexError(`unsupported character class ${posix[0]}`);
        out += POSIX[posix[2]];
        i += posix[0].length;
      } else {
        out += '\\[';
        i++;
      }
      continue;
    }
    if (ch === '\\') {
      const c = p[i + 1];
      if (c === 's') {
        out += SPACE;
        i += 2;
      } else if (c === 'S') {
        out += NOT_SPACE_RANGES;
        i += 2;
      } else {
        const common = commonEscape(p, i, true);
        if (!common) throw new RegexError(`unsupported escape \\${c} in a character class`);
        out += common[0];
        i = common[1];
      }
      continue;
    }
    out += ch === '{' || ch === '}' || ch === '(' || ch === ')' || ch === '|' || ch === '/' ? `\\${ch}` : ch;
    i++;
  }
}
