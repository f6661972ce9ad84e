// `pattern`: clusters messages into token templates, the idea of lib/events/fingerprint.ts:
// the parts that vary between repeats (URLs, e-mails, UUIDs, quoted strings, hex ids, numbers)
// become numbered placeholders (`<Number-1>`). For `pattern @message` the stored fingerprint —
// that very template, hashed at ingest — groups events first, so only one sample per
// fingerprint is templated in SQL; any other input is templated row by row.
import type { PatternCommand } from '@/lib/query';
import { invalid } from './errors';
import { addStage, compile, markMatched, type Pipeline } from './pipeline';
import type { Scope } from './scope';
import { text } from './values';

/** RE2 version of messageTemplate (lib/events/fingerprint.ts); \x01TYPE\x02 marks a placeholder. */
export function templateSql(s: string): string {
  const steps: Array<[string, string]> = [
    ['[\\x01\\x02]', ''],
    ['(?i)https?://[^\\s"\'<>]+', 'URL'],
    ['[\\w.+-]+@[\\w-]+\\.[\\w.-]+', 'Email'],
    ['(?i)\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b', 'UUID'],
    ['"[^"\\n]{0,200}"|\'[^\'\\n]{0,200}\'', 'String'],
    ['(?i)\\b0x[0-9a-f]+\\b|\\b[0-9a-f]{8,}\\b', 'Hex'],
  ];
  let out = `left(${s}, 2000)`;
  for (const [re, type] of steps) {
    const repl = type ? `\x01${type}\x02` : '';
    out = `regexp_replace(${out}, '${re.replace(/'/g, "''")}', '${repl}', 'g')`;
  }
  // Numbers not glued to a word (the JS version's look-behind), then whitespace runs.
  out = `regexp_replace(${out}, '(^|[^A-Za-z_\\x02<0-9])-?[0-9]+(\\.[0-9]+)?', '\\1\x01Number\x02', 'g')`;
  out = `trim(regexp_replace(${out}, '\\s+', ' ', 'g'))`;
  // Number the placeholders: <Number-1>, <String-2>, …
  return `array_to_string(list_transform(string_split(${out}, chr(1)), (part, i) -> CASE WHEN i = 1 THEN part ` +
    `ELSE '<' || split_part(part, chr(2), 1) || '-' || CAST(i - 1 AS VARCHAR) || '>' || substr(part, strpos(part, chr(2)) + 1) END), '')`;
}

/** Error, Warning, Info or Debug, from the level field or, failing that, from words in the text. */
function severity(level: string | null, sample: string): string {
  const fromText = `CASE WHEN regexp_matches(${sample}, '(?i)\\b(error|exception|fatal|fail(ed|ure)?|critical)\\b') THEN 'Error' ` +
    `WHEN regexp_matches(${sample}, '(?i)\\bwarn(ing)?\\b') THEN 'Warning' WHEN regexp_matches(${sample}, '(?i)\\b(debug|trace)\\b') THEN 'Debug' ELSE 'Info' END`;
  if (!level) return fromText;
  return `CASE WHEN ${level} IN ('error', 'fatal') THEN 'Error' WHEN ${level} = 'warn' THEN 'Warning' ` +
    `WHEN ${level} IN ('debug', 'trace') THEN 'Debug' WHEN ${level} = 'info' THEN 'Info' ELSE ${fromText} END`;
}

export function patternCommand(p: Pipeline, c: PatternCommand): void {
  if (p.statsCount >= 2) throw invalid('pattern cannot follow two aggregations', c.span);
  const first = p.statsCount === 0;
  if (first) markMatched(p);
  const ev = p.scope.event;
  const names = p.stmt.params;
  const [pat, cnt, ratio, sev, matched] = ['_pt', '_pn', '_pr', '_ps', '_m'].map((x) => names.name(x));
  const isMessage = c.expr.kind === 'field' && c.expr.path.length === 1 && c.expr.path[0] === '@message'
    && ev !== null && !p.scope.defined.has('@message');
  if (isMessage && ev) {
    // Group by fingerprint (a stored column) and template one sample per group: the message
    // field of structured events (what the fingerprint was computed from), else @message.
    const e = ev.prefix;
    const sample = `coalesce(json_extract_string(s.a, '/message'), json_extract_string(s.a, '/error.message'), s.m)`;
    const g = names.name('_pf');
    p.stmt.ctes.push({ name: g, body: `SELECT count(*) AS n, any_value({'m': ${e}message, 'a': ${e}attrs}) AS s, mode(${e}level) AS lv ` +
      `FROM ${p.cur} GROUP BY ${e}fingerprint` });
    p.cur = g;
    addStage(p, `SELECT ${templateSql(sample)} AS ${pat}, sum(n) AS ${cnt}, arg_max(${severity('lv', sample)}, n) AS ${sev} FROM ${g} GROUP BY 1`);
  } else {
    const v = compile(p, c.expr);
    const t = text(v);
    const level = ev ? `${ev.prefix}level` : null;
    const inner = names.name('_pi');
    p.stmt.ctes.push({ name: inner, body: `SELECT ${templateSql(t)} AS tp, ${severity(level, t)} AS sv FROM ${p.cur} WHERE ${t} IS NOT NULL` });
    p.cur = inner;
    addStage(p, `SELECT tp AS ${pat}, count(*) AS ${cnt}, mode(sv) AS ${sev} FROM ${inner} GROUP BY 1`);
  }
  const prior = first ? `sum(${cnt}) OVER ()` : 'NULL';
  addStage(p, `SELECT *, ${cnt} / sum(${cnt}) OVER () AS ${ratio}, ${prior} AS ${matched} FROM ${p.cur}`);
  p.matchedColumn = matched;
  const scope: Scope = { defined: new Map(), event: null, joins: new Map(), exprs: new Map() };
  scope.defined.set('@pattern', { sql: pat, t: 'str' });
  scope.defined.set('@ratio', { sql: ratio, t: 'num' });
  scope.defined.set('@sampleCount', { sql: cnt, t: 'num' });
  scope.defined.set('@severityLabel', { sql: sev, t: 'str' });
  p.scope = scope;
  p.output = { kind: 'columns', names: ['@pattern', '@ratio', '@sampleCount', '@severityLabel'].map((n) => ({ name: n, path: [n] })), display: false };
  p.order = null;
  p.defaultOrder = [`${cnt} DESC`, `${pat} ASC`];
  p.aggregated = true;
  p.statsCount++;
}
