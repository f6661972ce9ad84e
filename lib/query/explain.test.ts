import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Query } from './ast';
import { explain } from './explain';
import { parse } from './parser';

function q(text: string): Query {
  const r = parse(text);
  if (!r.ok) throw new Error(`${text}: ${r.error.message}`);
  return r.query;
}

const say = (text: string): string => explain(q(text));

describe('explain', () => {
  it.each([
    ['filter level = "error" | stats count(*) by route, bin(1h) | sort count(*) desc', 'Count events where level is error, per route, per hour, most first.'],
    ['stats avg(duration_ms) as avgMs, pct(duration_ms, 95) by route | sort avgMs desc | limit 10',
      'Compute the average duration_ms (as avgMs) and the 95th percentile of duration_ms per route, highest first, top 10.'],
    ['fields @timestamp, @message | sort @timestamp desc | limit 20', 'Show @timestamp and @message. Sort by @timestamp, newest first. Show the first 20.'],
    ['filter status >= 500 and not ispresent(user.id)', 'Find events where status is at least 500 and user.id is missing.'],
    ['filter @message like /(?i)timeout/ or route in ["/a", "/b c"]', 'Find events where @message matches /timeout/ (ignoring case) or route is one of /a or "/b c".'],
    ['filter (a = 1 or b != 2) and c not like "x" | fields a', 'Show a of events where (a is 1 or b is not 2) and c does not contain x.'],
    ['stats count_distinct(user.id) as users by feature, bin(1w) | sort users asc', 'Compute the number of distinct values of user.id (as users) per feature, per week, fewest first.'],
    ['stats count(*) as n by bin(5m) | sort n asc | limit 3', 'Count events (as n) per 5 minutes, fewest first, top 3.'],
    ['parse @message "user=* took *ms" as user, ms | stats max(ms) by user', 'Extract user and ms from @message with the pattern "user=* took *ms". Compute the highest ms per user.'],
    ['filter duration_ms > 2s | dedup route, method | limit any 5',
      'Find events where duration_ms is greater than 2 seconds. Keep one event per combination of route and method. Stop as soon as 5 matching events are found.'],
    ['fields strlen(@message) / 1024 as kb, toupper(level) | display kb', 'Show the length of @message divided by 1024 (as kb) and level in upper case. Display only kb.'],
    ['SOURCE logGroups(namePrefix: ["api", "web"]) start=-7d end=now | stats sum(bytes) by @log',
      'Read log groups starting with api or web, from 7 days ago to now. Compute the total bytes per @log.'],
    ['filter x = 1 | unnest items into item | countFrequent item', 'Find events where x is 1. Turn each item of items into its own row, as item. Count the most frequent values of item.'],
    ['pattern @message | diff previousWeek', 'Group @message into recurring patterns. Compare the patterns with the previous week.'],
  ])('%s', (text, english) => {
    expect(say(text)).toBe(english);
  });

  it('phrases every command kind', () => {
    const all = [
      'fields a', 'display a', 'filter a = 1', 'stats count()', 'sort a desc', 'limit 5', 'parse @message "a*" as x',
      'parse @message /(?<g>.)/ multi', 'parse @message logfmt as lf', 'parse msg csv as a, b', 'json field=x "a.b" as y',
      'dedup a', 'unnest a into b', 'pattern @message', 'anomaly', 'diff', 'logcompare timeshift 1d', 'SOURCE lg',
      'filterIndex a in ["x", "y"]', 'unmask', 'lookup t k OUTPUTNEW v as w', 'join where a.x = b.x (SOURCE lg)',
      'addtotals row=false col=true', 'accum a', 'autoregress a as b p=2', 'filldown', 'fillmissing with 0 for count',
      'cidrlookup t ip as c OUTPUT region', 'outlier a', 'appendcols override=true max=5 (stats count())', 'sessionize u',
      'countFrequent a, b', 'where a > 1',
    ];
    const seen = new Set<string>();
    for (const text of all) {
      const query = q(text);
      for (const c of query.commands) seen.add(c.kind);
      const english = explain(query);
      expect(english, text).toMatch(/^[A-Z].*\.$/s);
      expect(english, text).not.toMatch(/undefined|\[object|run [a-z]/);
    }
    expect(seen.size).toBe(28);
  });

  it('is deterministic and says something for an empty pipeline', () => {
    const text = 'filter a = 1 | stats count(*) by b | sort b';
    expect(say(text)).toBe(say(text));
    expect(explain({ commands: [] })).toBe('Show every event.');
  });
});

describe('explain on the documented sample queries', () => {
  const file = path.resolve(import.meta.dirname, '../../../shared/reference/insights-samples.txt');
  const samples = fs.readFileSync(file, 'utf8').split(/^----$/m)
    .map((block) => block.split('\n').filter((l) => !l.startsWith('#')).join('\n').trim())
    .filter((s) => s !== '');

  it('explains every sample that parses as a plain sentence', () => {
    let explained = 0;
    for (const text of samples) {
      const r = parse(text);
      if (!r.ok) continue; // two samples are broken in the docs themselves (lib/query/samples.test.ts)
      const english = explain(r.query);
      expect(english, text).toMatch(/^[A-Z@`"/].*\.$/s);
      expect(english, text).not.toMatch(/undefined|\[object|NaN|"kind"/);
      explained++;
    }
    expect(explained).toBeGreaterThanOrEqual(samples.length - 2);
    expect(samples.length).toBeGreaterThan(90);
  });
});
