// The documented functions (reference §5), by category, in their documented spelling.
// Function names are case-insensitive; the parser stores the spelling below.

export type FunctionCategory =
  | 'numeric'
  | 'datetime'
  | 'general'
  | 'json'
  | 'ip'
  | 'string'
  | 'hash'
  | 'aggregate'
  | 'nonAggregate'
  | 'timeSeries'
  | 'other';

const BY_CATEGORY: Record<FunctionCategory, string[]> = {
  numeric: ['abs', 'ceil', 'floor', 'greatest', 'least', 'log', 'round', 'sqrt', 'haversine', 'toNumber',
    'toInt', 'toLong', 'toDouble'],
  datetime: ['bin', 'datefloor', 'dateceil', 'fromMillis', 'toMillis', 'now', 'parseDate', 'formatDate', 'strftime'],
  general: ['ispresent', 'coalesce', 'case', 'if', 'isNumeric', 'messageSize', 'queryStartTime', 'queryEndTime',
    'queryTimeRange'],
  json: ['jsonParse', 'jsonStringify', 'jsonArraySize', 'jsonArrayContains'],
  ip: ['isValidIp', 'isValidIpV4', 'isValidIpV6', 'isIpInSubnet', 'isIpv4InSubnet', 'isIpv6InSubnet',
    'ipv4ToNumber', 'isPrivateIP', 'isPublicIP', 'isReservedIP'],
  string: ['isempty', 'isblank', 'concat', 'ltrim', 'rtrim', 'trim', 'strlen', 'toupper', 'tolower', 'substr',
    'replace', 'regexReplace', 'strcontains', 'startsWith', 'endsWith', 'urlencode', 'urldecode', 'base64encode',
    'base64decode', 'split', 'hexToAscii', 'hexToDec', 'decToHex'],
  hash: ['md5', 'sha256'],
  aggregate: ['avg', 'count', 'count_distinct', 'max', 'min', 'pct', 'stddev', 'sum'],
  nonAggregate: ['earliest', 'latest', 'sortsFirst', 'sortsLast'],
  // The French copy spells two of them countOverTime / sumOverTime; both spellings are accepted.
  timeSeries: ['rate', 'count_over_time', 'sum_over_time', 'histogram', 'countOverTime', 'sumOverTime'],
  // Grafana's language definition lists unmask(...) as a function.
  other: ['unmask'],
};

const CANONICAL = new Map<string, { name: string; category: FunctionCategory }>();
for (const [category, names] of Object.entries(BY_CATEGORY) as Array<[FunctionCategory, string[]]>) {
  for (const name of names) CANONICAL.set(name.toLowerCase(), { name, category });
}

/** Documented spelling of a function name, or undefined when the function is not documented. */
export function canonicalFunctionName(name: string): string | undefined {
  return CANONICAL.get(name.toLowerCase())?.name;
}

export function functionCategory(name: string): FunctionCategory | undefined {
  return CANONICAL.get(name.toLowerCase())?.category;
}

/** Functions that make `stats` aggregate (aggregation, non-aggregation and time-series). */
export function isStatsFunction(name: string): boolean {
  const c = functionCategory(name);
  return c === 'aggregate' || c === 'nonAggregate' || c === 'timeSeries';
}

/** Zero-argument functions that may be written without parentheses. */
export const BARE_CALLS: ReadonlySet<string> = new Set(['now', 'querystarttime', 'queryendtime', 'querytimerange']);

export const KNOWN_FUNCTIONS: readonly string[] = [...CANONICAL.values()].map((f) => f.name);
