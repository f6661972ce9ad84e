import { describe, expect, it } from 'vitest';
import { parse } from '../query/parser';
import { dashboardInput, movePanel, panelSchema, previousRange, resizePanel, type Panel } from './model';
import { suggestVisualization } from './suggest';

const panel = (id: string): Panel => panelSchema.parse({ id, title: id, queryId: 'q', viz: 'line' });
const query = (t: string) => {
  const r = parse(t);
  return r.ok ? r.query : null;
};

describe('dashboard model', () => {
  it('validates a dashboard and fills defaults', () => {
    const d = dashboardInput.parse({ name: ' Ops ', panels: [{ id: 'a', title: 'Errors', queryId: 'q1', viz: 'number' }] });
    expect(d).toMatchObject({ name: 'Ops', range: '7d', refreshSeconds: 0, panels: [{ width: 6, height: 'm', range: null, unit: '' }] });
    expect(dashboardInput.safeParse({ name: 'x', range: 'forever' }).error?.issues[0].message).toMatch(/relative range/);
    expect(dashboardInput.safeParse({ name: 'x', refreshSeconds: 7 }).success).toBe(false);
    expect(dashboardInput.safeParse({ name: 'x', panels: [panel('a'), panel('a')] }).error?.issues[0].message).toMatch(/unique/);
    expect(panelSchema.safeParse({ id: '<img>', title: 't', queryId: 'q', viz: 'line' }).success).toBe(false);
    expect(panelSchema.safeParse({ id: 'a', title: 't', queryId: 'q', viz: 'pie' }).success).toBe(false);
  });

  it('moves and resizes panels within bounds', () => {
    const ps = ['a', 'b', 'c'].map(panel);
    expect(movePanel(ps, 'c', -1).map((p) => p.id)).toEqual(['a', 'c', 'b']);
    expect(movePanel(ps, 'a', -1).map((p) => p.id)).toEqual(['a', 'b', 'c']);
    expect(movePanel(ps, 'a', 5).map((p) => p.id)).toEqual(['b', 'c', 'a']);
    expect(resizePanel(ps[0], 1).width).toBe(8);
    expect(resizePanel({ ...ps[0], width: 12 }, 1).width).toBe(12);
    expect(resizePanel({ ...ps[0], width: 3 }, -1).width).toBe(3);
  });

  it('compares a number with the same span just before', () => {
    expect(previousRange({ start: 1000, end: 1999 })).toEqual({ start: 0, end: 999 });
  });

  it('suggests a visualization from the query', () => {
    expect(suggestVisualization(query('stats count(*) by bin(1h)'))).toBe('line');
    expect(suggestVisualization(query('stats count(*) by route'))).toBe('bar');
    expect(suggestVisualization(query('filter level = "error" | stats count(*)'))).toBe('number');
    expect(suggestVisualization(query('fields @message'))).toBe('table');
  });
});
