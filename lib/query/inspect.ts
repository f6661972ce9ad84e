// Facts compilers need that are derived from the AST rather than stored in it.
import type { ParseCommand } from './ast';

/** Names of `(?<name>…)` groups in a regex pattern, in order (escaped parens are skipped). */
export function regexNamedGroups(pattern: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      i++;
    } else if (ch === '(' && pattern.startsWith('?<', i + 1) && pattern[i + 3] !== '=' && pattern[i + 3] !== '!') {
      const close = pattern.indexOf('>', i + 3);
      if (close === -1) break;
      out.push(pattern.slice(i + 3, close));
      i = close;
    }
  }
  return out;
}

/**
 * Leading inline flags: `(?i)Exception` → {flags: 'i', body: 'Exception'}. CloudWatch's way of
 * writing case-insensitive matches; a JS compiler turns them into RegExp flags.
 */
export function regexInlineFlags(pattern: string): { flags: string; body: string } {
  const m = /^\(\?([a-zA-Z]+)\)/.exec(pattern);
  return m ? { flags: m[1], body: pattern.slice(m[0].length) } : { flags: '', body: pattern };
}

/** The field names a parse command creates. */
export function parseOutputs(c: ParseCommand): string[] {
  switch (c.mode) {
    case 'glob':
    case 'csv':
      return c.aliases.map((a) => a.name);
    case 'regex':
      return c.aliases.length > 0 ? c.aliases.map((a) => a.name) : regexNamedGroups(c.regex.pattern);
    case 'logfmt':
    case 'json':
      return [c.alias.name];
  }
}
