// Plain-English phrases for expressions, conditions, aggregations and time periods (explain.ts
// builds sentences from them). Deterministic; never prints an AST.
import type { CallExpr, DurationLit, DurationUnit, Expr } from './ast';
import { regexInlineFlags } from './inspect';
import { formatNumber, printPath } from './print-expr';

const UNIT_WORDS: Record<DurationUnit, [string, string]> = {
  ms: ['millisecond', 'milliseconds'], s: ['second', 'seconds'], m: ['minute', 'minutes'], h: ['hour', 'hours'],
  d: ['day', 'days'], w: ['week', 'weeks'], mo: ['month', 'months'], q: ['quarter', 'quarters'], y: ['year', 'years'],
};

/** `5m` → "5 minutes", `1h` → "1 hour". */
export function durationWords(d: DurationLit): string {
  const [one, many] = UNIT_WORDS[d.unit];
  const n = Math.abs(d.value);
  return `${d.value < 0 ? 'minus ' : ''}${formatNumber(n)} ${n === 1 ? one : many}`;
}

/** `bin(1h)` → "per hour", `bin(5m)` → "per 5 minutes". */
export function perPeriod(d: DurationLit): string {
  return d.value === 1 ? `per ${UNIT_WORDS[d.unit][0]}` : `per ${durationWords(d)}`;
}

/** "a", "a and b", "a, b and c" */
export function list(items: string[], conj = 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conj} ${items[items.length - 1]}`;
}

export function ordinal(n: number): string {
  const v = Math.abs(n) % 100;
  const suffix = v >= 11 && v <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][v % 10] ?? 'th');
  return `${formatNumber(n)}${suffix}`;
}

/** A literal as a reader would say it: plain words stay bare, anything else is quoted. */
function literal(v: string): string {
  return /^[\p{L}\p{N}_./:@-]+$/u.test(v) && /[\p{L}\p{N}]/u.test(v) ? v : JSON.stringify(v);
}

function regexPhrase(pattern: string): string {
  const { flags, body } = regexInlineFlags(pattern);
  return `/${body}/${flags.includes('i') ? ' (ignoring case)' : ''}`;
}

const ARITH_WORDS: Record<string, string> = {
  '+': 'plus', '-': 'minus', '*': 'times', '/': 'divided by', '%': 'modulo', '^': 'to the power of',
};

/** Templates for functions; `$1`, `$2` are the arguments, `$*` all of them. */
const FUNCTION_WORDS: Record<string, string> = {
  abs: 'the absolute value of $1', ceil: '$1 rounded up', floor: '$1 rounded down', round: '$1 rounded',
  sqrt: 'the square root of $1', log: 'the natural log of $1', greatest: 'the largest of $*', least: 'the smallest of $*',
  toNumber: '$1 as a number', toInt: '$1 as an integer', toLong: '$1 as an integer', toDouble: '$1 as a number',
  bin: '@timestamp rounded down to $1', datefloor: '$1 rounded down to $2', dateceil: '$1 rounded up to $2',
  fromMillis: '$1 as a time', toMillis: '$1 in milliseconds', now: 'the current time', ispresent: '$1 is present',
  coalesce: 'the first present value of $*', isempty: '$1 is empty', isblank: '$1 is blank',
  concat: '$* joined together', strlen: 'the length of $1', toupper: '$1 in upper case', tolower: '$1 in lower case',
  trim: '$1 trimmed', ltrim: '$1 trimmed on the left', rtrim: '$1 trimmed on the right',
  substr: 'part of $1 from position $2', replace: '$1 with $2 replaced by $3', regexReplace: '$1 with $2 replaced by $3',
  strcontains: '$1 contains $2', startsWith: '$1 starts with $2', endsWith: '$1 ends with $2', isValidIp: '$1 is an IP address',
  isValidIpV4: '$1 is an IPv4 address', isValidIpV6: '$1 is an IPv6 address', isIpInSubnet: '$1 is in the subnet $2',
  isIpv4InSubnet: '$1 is in the IPv4 subnet $2', isIpv6InSubnet: '$1 is in the IPv6 subnet $2',
  isPrivateIP: '$1 is a private IP address', isPublicIP: '$1 is a public IP address', isReservedIP: '$1 is a reserved IP address',
  jsonParse: '$1 read as JSON', jsonStringify: '$1 as JSON text', split: '$1 split at $2', if: '$2 if $1, else $3',
  isNumeric: '$1 is a number', md5: 'the MD5 hash of $1', sha256: 'the SHA-256 hash of $1', messageSize: 'the size of $1',
  parseDate: '$1 read as a date in the format $2', formatDate: '$1 formatted as $2', strftime: '$1 formatted as $2',
  jsonArraySize: 'the number of items in $1', jsonArrayContains: '$1 contains the item $2', hexToAscii: '$1 decoded from hex',
  hexToDec: '$1 read as a hex number', decToHex: '$1 in hex', urlencode: '$1 URL-encoded', urldecode: '$1 URL-decoded',
  base64encode: '$1 in Base64', base64decode: '$1 decoded from Base64', ipv4ToNumber: '$1 as a number',
  haversine: 'the distance in km between $1, $2 and $3, $4', case: 'a value chosen by conditions', unmask: '$1 unmasked',
  queryStartTime: 'the start of the query range', queryEndTime: 'the end of the query range', queryTimeRange: 'the length of the query range',
};

/** Aggregations, for stats. */
const AGGREGATE_WORDS: Record<string, string> = {
  count: 'the number of events with $1', count_distinct: 'the number of distinct values of $1', avg: 'the average $1',
  sum: 'the total $1', min: 'the lowest $1', max: 'the highest $1', stddev: 'the standard deviation of $1',
  earliest: 'the earliest $1', latest: 'the latest $1', sortsFirst: 'the first $1 in sort order', sortsLast: 'the last $1 in sort order',
  rate: 'the rate of $1 per $2', count_over_time: 'the count of $1 over time', countOverTime: 'the count of $1 over time',
  sum_over_time: 'the total of $1 over time', sumOverTime: 'the total of $1 over time', histogram: 'a histogram of $1 in $2 buckets',
};

function fill(template: string, args: string[]): string {
  // "the highest duration_ms", but "the highest of the length of @message".
  const t = /^the [a-z]+ \$1/.test(template) && args[0]?.startsWith('the ') ? template.replace(' $1', ' of $1') : template;
  return t.replace(/\$(\*|\d)/g, (_, k: string) => (k === '*' ? list(args) : (args[Number(k) - 1] ?? 'nothing')));
}

/** Whether a call counts events (`count`, `count(*)`). */
export function isCountAll(e: Expr): boolean {
  return e.kind === 'call' && e.name === 'count' && (e.args.length === 0 || e.args[0].kind === 'star');
}

function callPhrase(e: CallExpr): string {
  if (isCountAll(e)) return 'the number of events';
  if (e.name === 'pct' && e.args.length === 2 && e.args[1].kind === 'number') {
    return `the ${ordinal(e.args[1].value)} percentile of ${value(e.args[0])}`;
  }
  const args = e.args.map((a) => value(a));
  const template = AGGREGATE_WORDS[e.name] ?? FUNCTION_WORDS[e.name];
  if (template) return fill(template, args);
  return args.length === 0 ? `${e.name}()` : `${e.name} of ${list(args)}`;
}

/** An expression used as a value. */
export function value(e: Expr): string {
  switch (e.kind) {
    case 'string':
      return literal(e.value);
    case 'number':
      return formatNumber(e.value);
    case 'boolean':
      return e.value ? 'true' : 'false';
    case 'duration':
      return durationWords(e);
    case 'regex':
      return regexPhrase(e.pattern);
    case 'field':
      return printPath(e.path);
    case 'list':
      return list(e.items.map(value), 'or');
    case 'star':
      return 'every event';
    case 'call':
      return callPhrase(e);
    case 'member':
      return `${e.name} of ${value(e.object)}`;
    case 'index':
      return `item ${value(e.index)} of ${value(e.object)}`;
    case 'subquery':
      return 'the results of another query';
    case 'unary':
      return e.op === '-' ? `minus ${value(e.operand)}` : condition(e);
    case 'binary':
      if (e.op in ARITH_WORDS) return `${value(e.left)} ${ARITH_WORDS[e.op]} ${value(e.right)}`;
      return condition(e);
  }
}

const COMPARE_WORDS: Record<string, string> = {
  '=': 'is', '!=': 'is not', '<': 'is less than', '<=': 'is at most', '>': 'is greater than', '>=': 'is at least',
};

/** An expression used as a condition. */
export function condition(e: Expr, parent?: 'and' | 'or'): string {
  if (e.kind === 'unary' && e.op === 'not') return negated(e.operand);
  if (e.kind !== 'binary') return e.kind === 'field' ? `${value(e)} is true` : value(e);
  switch (e.op) {
    case 'and':
    case 'or': {
      const text = `${condition(e.left, e.op)} ${e.op} ${condition(e.right, e.op)}`;
      return parent && parent !== e.op ? `(${text})` : text;
    }
    case '=':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=':
      return `${value(e.left)} ${COMPARE_WORDS[e.op]} ${value(e.right)}`;
    case 'like':
    case '=~':
      return e.right.kind === 'regex' ? `${value(e.left)} matches ${value(e.right)}` : `${value(e.left)} contains ${value(e.right)}`;
    case 'not like':
      return e.right.kind === 'regex' ? `${value(e.left)} does not match ${value(e.right)}` : `${value(e.left)} does not contain ${value(e.right)}`;
    case 'in':
    case 'not in': {
      const not = e.op === 'not in' ? ' not' : '';
      if (e.right.kind === 'subquery') return `${value(e.left)} is${not} among the results of another query`;
      if (e.right.kind === 'list') return `${value(e.left)} is${not} one of ${list(e.right.items.map(value), 'or')}`;
      return `${value(e.left)} is${not} in ${value(e.right)}`;
    }
    default:
      return value(e);
  }
}

function negated(e: Expr): string {
  if (e.kind === 'call' && e.name === 'ispresent' && e.args.length === 1) return `${value(e.args[0])} is missing`;
  if (e.kind === 'call' && e.name === 'isempty' && e.args.length === 1) return `${value(e.args[0])} is not empty`;
  if (e.kind === 'field') return `${value(e)} is not true`;
  return `not (${condition(e)})`;
}
