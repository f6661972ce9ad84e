import type { Role } from './roles';

/**
 * Who may call each route handler. Every handler in app/ is listed here (a test fails otherwise)
 * and wraps itself with `route(id, …)`, which enforces the rule on the server.
 * - a role: a signed-in user with at least that role (session cookie or personal token);
 * - `signed-in`: any signed-in user (their own settings);
 * - `ingest-key`: no session; the handler checks an ingest API key;
 * - `public`: anyone (health probe, sign-in itself).
 */
export type Access = Role | 'signed-in' | 'ingest-key' | 'public';

export const ACCESS_RULES = {
  'GET /api/health': 'public',
  'GET /api/auth/[...nextauth]': 'public',
  'POST /api/auth/[...nextauth]': 'public',
  'POST /api/ingest': 'ingest-key',
  'OPTIONS /api/ingest': 'public',
  'POST /v1/logs': 'ingest-key',
  'GET /api/me': 'signed-in',
  'GET /api/events': 'developer',
  'POST /api/query': 'developer',
  'GET /api/query/estimate': 'developer',
  'GET /api/fields': 'developer',
  'GET /api/fields/[name]/values': 'developer',
  'GET /api/me/tokens': 'signed-in',
  'POST /api/me/tokens': 'signed-in',
  'DELETE /api/me/tokens/[id]': 'signed-in',
  'PATCH /api/me/password': 'signed-in',
  'GET /api/admin/users': 'admin',
  'POST /api/admin/users': 'admin',
  'PATCH /api/admin/users/[id]': 'admin',
  'GET /api/admin/keys': 'admin',
  'POST /api/admin/keys': 'admin',
  'DELETE /api/admin/keys/[id]': 'admin',
  'GET /api/admin/audit': 'admin',
  'GET /api/admin/health': 'admin',
  'GET /api/saved-queries': 'viewer',
  'POST /api/saved-queries': 'developer',
  'GET /api/saved-queries/[id]': 'viewer',
  'PUT /api/saved-queries/[id]': 'developer',
  'DELETE /api/saved-queries/[id]': 'developer',
  'GET /api/saved-queries/[id]/versions': 'viewer',
  'POST /api/saved-queries/[id]/restore': 'developer',
  'POST /api/saved-queries/[id]/run': 'viewer',
  'GET /api/usage': 'viewer',
  'GET /api/usage/settings': 'viewer',
  'PUT /api/usage/settings': 'admin',
  'GET /api/release-markers': 'viewer',
  'POST /api/release-markers': 'admin',
  'DELETE /api/release-markers/[id]': 'admin',
  'GET /api/dashboards': 'viewer',
  'POST /api/dashboards': 'developer',
  'GET /api/dashboards/[id]': 'viewer',
  'PUT /api/dashboards/[id]': 'developer',
  'DELETE /api/dashboards/[id]': 'developer',
  'POST /api/dashboards/[id]/panels': 'developer',
  'POST /api/dashboards/[id]/panels/[panelId]/run': 'viewer',
  'GET /api/tail/connect': 'developer',
  'GET /api/tail/log-groups': 'developer',
  'GET /api/alerts': 'admin',
  'POST /api/alerts': 'admin',
  'GET /api/alerts/[id]': 'admin',
  'PUT /api/alerts/[id]': 'admin',
  'DELETE /api/alerts/[id]': 'admin',
  'POST /api/alerts/[id]/snooze': 'admin',
  'POST /api/alerts/[id]/evaluate': 'admin',
  'POST /api/alerts/test': 'admin',
  'GET /api/alerts/deliveries': 'admin',
  'GET /api/alerts/storms': 'admin',
} as const satisfies Record<string, Access>;

export type RouteId = keyof typeof ACCESS_RULES;
