import { z } from 'zod';
import { relativeMs } from '../time/range';

/** How a panel draws its query's result. */
export const VISUALIZATIONS = ['line', 'area', 'bar', 'table', 'number'] as const;
export type Visualization = (typeof VISUALIZATIONS)[number];

export const VISUALIZATION_LABELS: Record<Visualization, string> = {
  line: 'Line',
  area: 'Stacked area',
  bar: 'Bar',
  table: 'Table',
  number: 'Single number with change',
};

/** Panel widths in columns of a 12-column grid. */
export const PANEL_WIDTHS = [3, 4, 6, 8, 12] as const;
export const PANEL_HEIGHTS = ['s', 'm', 'l'] as const;
export const REFRESH_SECONDS = [0, 60, 300, 900] as const;

const relative = z.string().refine((s) => relativeMs(s) !== null, 'use a relative range such as 24h, 7d or 8w');

export const panelSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'panel ids are letters, digits, - and _'),
  title: z.string().trim().min(1, 'give the panel a title').max(120),
  /** The saved query the panel runs (its current version, so fixing the query fixes every panel). */
  queryId: z.string().min(1).max(64),
  viz: z.enum(VISUALIZATIONS),
  width: z.union(PANEL_WIDTHS.map((w) => z.literal(w)) as [z.ZodLiteral<3>, z.ZodLiteral<4>, z.ZodLiteral<6>, z.ZodLiteral<8>, z.ZodLiteral<12>]).default(6),
  height: z.enum(PANEL_HEIGHTS).default('m'),
  /** The panel's own range; null follows the dashboard's. */
  range: relative.nullable().default(null),
  /** Shown after numbers and on the value axis: `ms`, `%`, `req`. */
  unit: z.string().trim().max(16).default(''),
});
export type Panel = z.output<typeof panelSchema>;
export type PanelInput = z.input<typeof panelSchema>;

export const dashboardInput = z.object({
  name: z.string().trim().min(1, 'give the dashboard a name').max(120),
  description: z.string().trim().max(500).default(''),
  range: relative.default('7d'),
  refreshSeconds: z.union(REFRESH_SECONDS.map((s) => z.literal(s)) as [z.ZodLiteral<0>, z.ZodLiteral<60>, z.ZodLiteral<300>, z.ZodLiteral<900>]).default(0),
  panels: z.array(panelSchema).max(40, 'a dashboard holds at most 40 panels').default([]).refine((ps) => new Set(ps.map((p) => p.id)).size === ps.length, 'panel ids must be unique'),
});
export type DashboardInput = z.input<typeof dashboardInput>;
export type DashboardData = z.output<typeof dashboardInput>;

/** The panel moved `by` places (negative: earlier), clamped to the ends. */
export function movePanel(panels: readonly Panel[], id: string, by: number): Panel[] {
  const from = panels.findIndex((p) => p.id === id);
  if (from === -1) return [...panels];
  const to = Math.max(0, Math.min(panels.length - 1, from + by));
  const out = [...panels];
  const [p] = out.splice(from, 1);
  out.splice(to, 0, p);
  return out;
}

/** The next wider or narrower width, staying inside the grid. */
export function resizePanel(panel: Panel, step: 1 | -1): Panel {
  const i = PANEL_WIDTHS.indexOf(panel.width);
  return { ...panel, width: PANEL_WIDTHS[Math.max(0, Math.min(PANEL_WIDTHS.length - 1, i + step))] };
}

/** The range right before `range`, of the same length: what a number panel compares with. */
export function previousRange(range: { start: number; end: number }): { start: number; end: number } {
  const span = range.end - range.start;
  return { start: range.start - span - 1, end: range.start - 1 };
}
