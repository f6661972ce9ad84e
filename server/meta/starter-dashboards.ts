import type { DashboardInput, PanelInput } from '@/lib/dashboards/model';
import type { SessionUser } from '../auth/current-user';
import { createDashboard } from './dashboards';
import type { MetaDb } from './db';
import { createMarker } from './release-markers';
import { createSavedQuery, type SavedQueryInput } from './saved-queries';
import { STARTER_QUERIES } from './starter-queries';

/** Queries only the starter dashboards use (the library's own starters are reused by name). */
const PANEL_QUERIES: readonly SavedQueryInput[] = [
  { name: 'Feature uses', folder: 'Product', tags: ['usage'], description: 'Feature uses in the range (a number panel compares it with the period before).', ql: 'filter event = "feature_used"\n| stats count(*) as uses' },
  { name: 'Feature users per week', folder: 'Product', tags: ['usage', 'users'], description: 'Distinct users of any feature, per week.', ql: 'filter event = "feature_used"\n| stats count_distinct(user.id) as users by bin(1w) as week' },
  { name: 'Assignment dashboard uses per day', folder: 'Product', tags: ['usage'], description: 'Daily uses of the assignment dashboard.', ql: 'filter event = "feature_used" and feature = "assignment-dashboard"\n| stats count(*) as uses by bin(1d)' },
  { name: 'Uses and users by feature', folder: 'Product', tags: ['usage'], description: 'Each feature\'s uses and distinct users in the range.', ql: 'filter event = "feature_used"\n| stats count(*) as uses, count_distinct(user.id) as users by feature\n| sort uses desc' },
  { name: 'API requests', folder: 'API health', tags: ['api'], description: 'Requests the api answered.', ql: 'filter @log = "api" and ispresent(status)\n| stats count(*) as requests' },
  { name: 'API error rate', folder: 'API health', tags: ['api', 'errors'], description: 'Percentage of api requests answered with a 5xx.', ql: 'filter @log = "api" and ispresent(status)\n| stats 100 * sum(if(status >= 500, 1, 0)) / count(*) as error_pct' },
  { name: 'API p95 latency', folder: 'API health', tags: ['api', 'latency'], description: 'The 95th-percentile request duration.', ql: 'filter @log = "api" and ispresent(duration_ms)\n| stats pct(duration_ms, 95) as p95_ms' },
  { name: 'API requests per hour', folder: 'API health', tags: ['api'], description: 'Requests per hour.', ql: 'filter @log = "api" and ispresent(status)\n| stats count(*) as requests by bin(1h)' },
  { name: 'API error rate per hour', folder: 'API health', tags: ['api', 'errors'], description: 'Percentage of 5xx answers per hour.', ql: 'filter @log = "api" and ispresent(status)\n| stats 100 * sum(if(status >= 500, 1, 0)) / count(*) as error_pct by bin(1h)' },
  { name: 'Client errors', folder: 'Clients', tags: ['web', 'app', 'errors'], description: 'Errors logged by the web and mobile clients.', ql: 'filter @log in ["web", "app"] and level = "error"\n| stats count(*) as errors' },
  { name: 'Client errors per hour', folder: 'Clients', tags: ['web', 'app', 'errors'], description: 'Client errors per hour, web and app apart.', ql: 'filter @log in ["web", "app"] and level = "error"\n| stats count(*) as errors by @log, bin(1h)' },
  { name: 'Top client error messages', folder: 'Clients', tags: ['web', 'app', 'errors'], description: 'The client errors seen most, with the sessions they hit.', ql: 'filter @log in ["web", "app"] and level = "error"\n| stats count(*) as errors, count_distinct(session.id) as sessions by message\n| sort errors desc\n| limit 15' },
  { name: 'App errors by version', folder: 'Clients', tags: ['app', 'errors'], description: 'Mobile errors per app version: a bad release stands out.', ql: 'filter @log = "app" and level = "error"\n| stats count(*) as errors by app.version\n| sort errors desc\n| limit 10' },
];

type PanelSpec = Omit<PanelInput, 'id' | 'queryId'> & { query: string };

const DASHBOARDS: readonly (Omit<DashboardInput, 'panels'> & { panels: PanelSpec[] })[] = [
  {
    name: 'Feature adoption',
    description: 'How much each feature is used, week by week. The usage page has the per-feature figures.',
    range: '8w',
    panels: [
      { title: 'Feature uses', query: 'Feature uses', viz: 'number', width: 4, height: 's' },
      { title: 'Feature users per week', query: 'Feature users per week', viz: 'line', width: 8, height: 's', unit: 'users' },
      { title: 'Uses per week by feature', query: 'Feature adoption per week', viz: 'line', width: 12, height: 'l', unit: 'uses' },
      { title: 'Assignment dashboard uses per day', query: 'Assignment dashboard uses per day', viz: 'area', width: 6, unit: 'uses' },
      { title: 'Uses and users by feature', query: 'Uses and users by feature', viz: 'table', width: 6 },
    ],
  },
  {
    name: 'API health',
    description: 'Requests, errors and latency of the api.',
    range: '7d',
    panels: [
      { title: 'Requests', query: 'API requests', viz: 'number', width: 4, height: 's' },
      { title: 'Error rate', query: 'API error rate', viz: 'number', width: 4, height: 's', unit: '%' },
      { title: 'p95 latency', query: 'API p95 latency', viz: 'number', width: 4, height: 's', unit: 'ms' },
      { title: 'Requests per hour', query: 'API requests per hour', viz: 'area', width: 6, unit: 'req' },
      { title: 'Error rate per hour', query: 'API error rate per hour', viz: 'line', width: 6, unit: '%' },
      { title: 'p95 latency by route', query: 'Slowest endpoints (p95)', viz: 'bar', width: 6, unit: 'ms' },
      { title: 'Error rate by route', query: 'Error rate by route', viz: 'table', width: 6 },
    ],
  },
  {
    name: 'Client errors',
    description: 'What goes wrong in the web and mobile clients.',
    range: '7d',
    panels: [
      { title: 'Client errors', query: 'Client errors', viz: 'number', width: 4, height: 's' },
      { title: 'Client errors per hour', query: 'Client errors per hour', viz: 'area', width: 8, height: 's', unit: 'errors' },
      { title: 'Top client error messages', query: 'Top client error messages', viz: 'table', width: 12 },
      { title: 'App errors by version', query: 'App errors by version', viz: 'bar', width: 6, unit: 'errors' },
      { title: 'Client errors by page', query: 'Client errors by page', viz: 'bar', width: 6, unit: 'errors' },
    ],
  },
];

/**
 * The starter library, dashboards and release markers of the demo, owned by the demo admin: the
 * library's queries are official team queries, so every role can open the dashboards built on them.
 */
export async function seedStarterContent(meta: MetaDb, owner: SessionUser, markers: readonly { at: number; label: string }[]): Promise<void> {
  const ids = new Map<string, string>();
  for (const q of [...STARTER_QUERIES, ...PANEL_QUERIES]) {
    const saved = await createSavedQuery(meta, owner, { ...q, visibility: 'team', official: true });
    ids.set(q.name, saved.id);
  }
  for (const d of DASHBOARDS) {
    const panels = d.panels.map(({ query, ...p }, i) => {
      const queryId = ids.get(query);
      if (!queryId) throw new Error(`starter dashboard "${d.name}" names an unknown query "${query}"`);
      return { ...p, id: `p${i + 1}`, queryId };
    });
    await createDashboard(meta, owner, { ...d, panels });
  }
  for (const m of markers) await createMarker(meta, owner, m);
}
