import { describe, expect, it } from 'vitest';
import { addFilter, contextQuery, equalsCondition, facetQuery, histogramQuery } from './derive';
import { parse, print } from './index';

const q = (text: string) => {
  const r = parse(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.query;
};

describe('derived queries', () => {
  it('histogram keeps what selects events and counts per bin', () => {
    expect(print(histogramQuery(q('parse @message "user=*" as u | filter level = "error" | stats count(*) by route | sort 1 desc'), '5m'))).toBe(
      'parse @message "user=*" as u\n| filter level = "error"\n| stats count(*) as events by bin(5m)',
    );
    expect(print(histogramQuery(q('fields @timestamp | sort @timestamp desc | limit 5'), '1h'))).toBe('fields @timestamp\n| stats count(*) as events by bin(1h)');
  });
  it('facets count the values of one field among the selected events', () => {
    expect(print(facetQuery(q('filter status >= 500 | limit 10'), 'route'))).toBe(
      'filter status >= 500\n| filter ispresent(route)\n| stats count(*) as events by route\n| sort events desc\n| limit 10',
    );
  });
  it('adds include and exclude filters before stats', () => {
    expect(print(addFilter(q('filter a = 1 | stats count(*) by route'), equalsCondition('route', '/x', false)))).toBe('filter a = 1\n| filter route = "/x"\n| stats count(*) by route');
    expect(print(addFilter(q('fields @message'), equalsCondition('status', 500, true)))).toBe('fields @message\n| filter status != 500');
    expect(print(addFilter(q('fields @message'), equalsCondition('user.id', null, false)))).toBe('fields @message\n| filter not ispresent(user.id)');
  });
  it('finds the events around one in its stream', () => {
    expect(print(contextQuery('web/s-1', 1700000000000, 'before', 10))).toBe('filter @logStream = "web/s-1" and @timestamp <= 1700000000000\n| sort @timestamp desc\n| limit 10');
  });
});

describe('whole event lookup', () => {
  it('finds an event by time and raw line, with the line escaped', async () => {
    const { wholeEventQuery } = await import('./derive');
    expect(print(wholeEventQuery(1700000000000, 'say "hi"'))).toBe('filter @timestamp = 1700000000000 and @message = "say \\"hi\\""\n| limit 1');
  });
});
