// Traversal and inspection helpers that compilers and the builder build on.
import { describe, expect, it } from 'vitest';
import type { Expr } from './ast';
import {
  commandExprs, fieldName, parseOutputs, regexInlineFlags, regexNamedGroups, stripSpans, walkExpr, walkQuery,
} from './index';
import { mustParse } from './test-helpers';

describe('walking the AST', () => {
  it('visits expressions pre-order and can skip children', () => {
    const q = mustParse('filter a = 1 and (b like /x/ or not ispresent(c.d))');
    const c = q.commands[0];
    if (c.kind !== 'filter') throw new Error('shape');
    const kinds: string[] = [];
    walkExpr(c.expr, (e) => {
      kinds.push(e.kind === 'binary' ? e.op : e.kind);
    });
    expect(kinds).toEqual(['and', '=', 'field', 'number', 'or', 'like', 'field', 'regex', 'unary', 'call', 'field']);
    const skipped: string[] = [];
    walkExpr(c.expr, (e) => {
      skipped.push(e.kind);
      return !(e.kind === 'binary' && e.op === 'or');
    });
    expect(skipped).toEqual(['binary', 'binary', 'field', 'number', 'binary']);
  });

  it('walks every expression of a query, subqueries included', () => {
    const q = mustParse('fields a | filter b in (SOURCE lg | filter c = 1) | join where l.x = r.x (SOURCE o | filter d) | stats sum(e) by f');
    const fields: string[] = [];
    walkQuery(q, (e) => {
      if (e.kind === 'field') fields.push(fieldName(e));
    });
    expect(fields.sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'l.x', 'r.x']);
  });

  it('lists the top-level expressions of commands', () => {
    const [parse, sort] = mustParse('parse @message /(?<a>x)/ | sort a desc, b').commands;
    expect(stripSpans(commandExprs(parse))).toEqual([{ kind: 'field', path: ['@message'] }, { kind: 'regex', pattern: '(?<a>x)' }]);
    expect(commandExprs(sort).map((e: Expr) => e.kind)).toEqual(['field', 'field']);
  });

  it('walks a very long operator chain without recursion', () => {
    const q = mustParse(`filter ${Array.from({ length: 900 }, (_, i) => `a${i}`).join(' + ')} > 0`);
    let n = 0;
    walkQuery(q, () => {
      n++;
    });
    expect(n).toBe(900 + 899 + 2);
  });

  it('strips spans without touching anything else', () => {
    const q = mustParse('fields a as b');
    expect(q.commands[0].span).toEqual({ start: 0, end: 13 });
    expect(stripSpans(q)).toStrictEqual({ commands: [{ kind: 'fields', items: [{ expr: { kind: 'field', path: ['a'] }, alias: { name: 'b' } }] }] });
    expect(q.commands[0].span).toBeDefined();
  });
});

describe('inspection helpers', () => {
  it('finds named groups and inline flags', () => {
    expect(regexNamedGroups('\\[(?<level>\\S+)\\]\\s+(?<config>\\{.*\\})\\(?<no>x\\)(?:y)(?<=z)')).toEqual(['level', 'config']);
    expect(regexInlineFlags('(?i)Exception')).toEqual({ flags: 'i', body: 'Exception' });
    expect(regexInlineFlags('plain')).toEqual({ flags: '', body: 'plain' });
  });

  it('names the fields a parse command creates', () => {
    const outputs = mustParse('parse @message "* *" as a, b | parse /(?<x>.)(?<y>.)/ | parse logfmt as lf | json field=lf "k" as k')
      .commands.map((c) => (c.kind === 'parse' ? parseOutputs(c) : []));
    expect(outputs).toEqual([['a', 'b'], ['x', 'y'], ['lf'], ['k']]);
  });
});
