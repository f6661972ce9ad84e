// parse: glob, regex (named groups, multi), logfmt, csv, and `json field=… "path" as …`.
// An event that does not match keeps flowing, with the extracted fields null (reference §2.7).
import type { ParseCommand, ParseGlobCommand, ParseRegexCommand } from '@/lib/query';
import { invalid } from './errors';
import { translateRegex } from './operators';
import { addStage, compile, defineAll, showDerived, type Pipeline } from './pipeline';
import { jsonPointer } from './sql';
import { text, type Val } from './values';

const MESSAGE = { kind: 'field' as const, path: ['@message'] };

/** Capturing groups of a regex, in order: their 1-based index and name (if named). */
export function captureGroups(pattern: string): Array<{ index: number; name?: string }> {
  const out: Array<{ index: number; name?: string }> = [];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      i++;
    } else if (inClass) {
      if (ch === ']') inClass = false;
    } else if (ch === '[') {
      inClass = true;
      if (pattern[i + 1] === '^') i++;
      if (pattern[i + 1] === ']') i++;
    } else if (ch === '(') {
      if (pattern[i + 1] !== '?') {
        out.push({ index: out.length + 1 });
      } else {
        const named = /^\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(pattern.slice(i));
        if (named) out.push({ index: out.length + 1, name: named[1] });
      }
    }
  }
  return out;
}

/** A glob (`*` wildcards) as an RE2 pattern: every `*` lazy, except a trailing one that takes the rest. */
function globToRegex(glob: string): { re: string; stars: number } {
  const parts = glob.split('*');
  const esc = (s: string) => s.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
  let re = '';
  parts.forEach((part, i) => {
    re += esc(part);
    if (i < parts.length - 1) re += i === parts.length - 2 && parts[parts.length - 1] === '' ? '(.*)' : '(.*?)';
  });
  return { re, stars: parts.length - 1 };
}

/**
 * Extracts groups 1..n with one regex evaluation: a STRUCT of internal names, null when no match.
 * With `wholeMatchNonEmpty` (a glob with literal text) the pattern is wrapped in one more group,
 * whose emptiness tells a failed match apart — saving the regexp_matches pass (2× on parse + stats).
 */
function extractGroups(p: Pipeline, subject: string, re: string, flags: string, count: number, wholeMatchNonEmpty = false): string {
  const col = p.stmt.params.name('_p');
  const opts = flags ? `, '${flags}'` : '';
  if (wholeMatchNonEmpty) {
    const names = ['\'m\'', ...Array.from({ length: count }, (_, i) => `'g${i + 1}'`)].join(', ');
    const pat = p.stmt.params.constStr(`(${re})`);
    const raw = p.stmt.params.name('_p');
    addStage(p, `SELECT *, regexp_extract(${subject}, ${pat}, [${names}]${opts}) AS ${raw} FROM ${p.cur}`);
    addStage(p, `SELECT *, CASE WHEN struct_extract(${raw}, 'm') <> '' THEN ${raw} END AS ${col} FROM ${p.cur}`);
    return col;
  }
  const names = Array.from({ length: count }, (_, i) => `'g${i + 1}'`).join(', ');
  const pat = p.stmt.params.constStr(re);
  addStage(p, `SELECT *, CASE WHEN regexp_matches(${subject}, ${pat}${opts}) THEN regexp_extract(${subject}, ${pat}, [${names}]${opts}) END AS ${col} FROM ${p.cur}`);
  return col;
}

function setGroups(p: Pipeline, col: string, fields: Array<{ name: string; index: number }>): void {
  for (const f of fields) p.scope.defined.set(f.name, { sql: `struct_extract(${col}, 'g${f.index}')`, t: 'str' });
  showDerived(p, fields.map((f) => f.name));
}

function parseGlob(p: Pipeline, c: ParseGlobCommand, subject: string): void {
  const { re, stars } = globToRegex(c.pattern.value);
  const literal = c.pattern.value.replace(/\*/g, '') !== '';
  if (stars !== c.aliases.length) {
    throw invalid(`the pattern has ${stars} * wildcard${stars === 1 ? '' : 's'} but ${c.aliases.length} name${c.aliases.length === 1 ? '' : 's'} after as`, c.pattern.span);
  }
  if (stars === 0) return;
  // (?s): a * spans line breaks (stack traces).
  const col = extractGroups(p, subject, `(?s)${re}`, '', stars, literal);
  setGroups(p, col, c.aliases.map((a, i) => ({ name: a.name, index: i + 1 })));
}

function regexFields(c: ParseRegexCommand): Array<{ name: string; index: number }> {
  const groups = captureGroups(c.regex.pattern);
  const named = groups.filter((g) => g.name !== undefined);
  if (c.aliases.length === 0) {
    if (named.length === 0) throw invalid('the regex has no named groups (?<name>…) to extract', c.regex.span);
    return named.map((g) => ({ name: g.name as string, index: g.index }));
  }
  const targets = named.length > 0 ? named : groups;
  if (c.aliases.length > targets.length) {
    throw invalid(`the regex has ${targets.length} group${targets.length === 1 ? '' : 's'} but ${c.aliases.length} names after as`, c.regex.span);
  }
  return c.aliases.map((a, i) => ({ name: a.name, index: targets[i].index }));
}

function parseRegex(p: Pipeline, c: ParseRegexCommand, subject: string): void {
  const fields = regexFields(c);
  const { body, flags } = translateRegex(c.regex.pattern, c.regex.span);
  if (!c.multi) {
    const max = Math.max(...fields.map((f) => f.index));
    setGroups(p, extractGroups(p, subject, body, flags, max), fields);
    return;
  }
  // multi: one row per match; an event without a match stays, with nulls.
  const pat = p.stmt.params.constStr(body);
  const opts = flags ? `, '${flags}'` : '';
  const cols = fields.map(() => p.stmt.params.name('_c'));
  const lists = fields.map((f, i) => {
    const all = `regexp_extract_all(${subject}, ${pat}, ${f.index}${opts})`;
    return `unnest(CASE WHEN coalesce(len(${all}), 0) = 0 THEN [NULL] ELSE ${all} END) AS ${cols[i]}`;
  });
  addStage(p, `SELECT *, ${lists.join(', ')} FROM ${p.cur}`);
  fields.forEach((f, i) => p.scope.defined.set(f.name, { sql: cols[i], t: 'str' }));
  showDerived(p, fields.map((f) => f.name));
}

function parseCsv(p: Pipeline, names: string[], subject: string): void {
  const col = p.stmt.params.name('_l');
  addStage(p, `SELECT *, regexp_extract_all(${subject}, '(?:^|,)("(?:[^"]|"")*"|[^,]*)', 1) AS ${col} FROM ${p.cur}`);
  names.forEach((name, i) => {
    const cell = `${col}[${i + 1}]`;
    p.scope.defined.set(name, {
      sql: `CASE WHEN len(${col}) > ${i} THEN CASE WHEN left(${cell}, 1) = '"' THEN replace(${cell}[2:-2], '""', '"') ELSE ${cell} END END`,
      t: 'str',
    });
  });
  showDerived(p, names);
}

export function parseCommand(p: Pipeline, c: ParseCommand): void {
  const source: Val = compile(p, c.source ?? MESSAGE);
  switch (c.mode) {
    case 'glob':
      return parseGlob(p, c, text(source));
    case 'regex':
      return parseRegex(p, c, text(source));
    case 'csv':
      return parseCsv(p, c.aliases.map((a) => a.name), text(source));
    case 'logfmt':
      defineAll(p, [{ name: c.alias.name, val: { sql: text(source), t: 'str', logfmt: true } }]);
      showDerived(p, [c.alias.name]);
      return;
    case 'json': {
      const ptr = p.stmt.params.str(jsonPointer(c.path.value.split('.')));
      // A structure (jsonParse, a member of one) as is; a string (the payload text) parsed.
      const doc = source.t === 'struct' ? source.sql
        : source.t === 'json' ? `CASE WHEN left(${source.sql}, 1) IN ('{', '[') THEN ${source.sql} ELSE ${text(source)} END`
          : text(source);
      const guard = source.t === 'struct' ? 'TRUE' : `json_valid(${doc})`;
      defineAll(p, [{ name: c.alias.name, val: { sql: `CASE WHEN ${guard} THEN nullif(json_extract(${doc}, ${ptr})::VARCHAR, 'null') END`, t: 'json' } }]);
      showDerived(p, [c.alias.name]);
      return;
    }
  }
}

