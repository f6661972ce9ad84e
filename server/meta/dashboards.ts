import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { dashboardInput, panelSchema, type DashboardData, type Panel } from '@/lib/dashboards/model';
import { hasRole } from '../auth/roles';
import type { SessionUser } from '../auth/current-user';
import { audit } from './audit';
import type { MetaDb, MetaTx, Row } from './db';
import { ServiceError } from './errors';
import { freePrivateName, insertSavedQuery } from './saved-queries';

/** What a panel shows of its saved query; null when the query was deleted. */
export interface PanelQuery {
  name: string;
  ql: string;
  version: number;
}

export interface Dashboard extends DashboardData {
  id: string;
  ownerEmail: string;
  version: number;
  createdAt: number;
  updatedAt: number;
  /** The saved query behind each panel, by panel id. */
  queries: Record<string, PanelQuery | null>;
  canEdit: boolean;
  canDelete: boolean;
}

export interface DashboardSummary {
  id: string;
  name: string;
  description: string;
  panels: number;
  ownerEmail: string;
  updatedAt: number;
}

const SELECT = 'SELECT d.*, u.email AS owner_email FROM meta.dashboards d LEFT JOIN meta.users u ON u.id = d.owner_id';

/** Every signed-in role sees every dashboard; developers and admins edit them; the owner or an admin deletes one. */
const mayEdit = (user: SessionUser) => hasRole(user.role, 'developer');
const mayDelete = (user: SessionUser, ownerId: string) => user.role === 'admin' || (mayEdit(user) && ownerId === user.id);

function checkMayEdit(user: SessionUser): void {
  if (!mayEdit(user)) throw new ServiceError(403, 'viewers cannot change dashboards; ask a developer or an admin');
}

function parseData(r: Row): DashboardData {
  return dashboardInput.parse({ name: r.name, description: r.description, range: r.range, refreshSeconds: Number(r.refresh_seconds), panels: JSON.parse(String(r.panels)) });
}

async function panelQueries(db: MetaDb | MetaTx, panels: readonly Panel[]): Promise<Record<string, PanelQuery | null>> {
  const ids = [...new Set(panels.map((p) => p.queryId))];
  if (ids.length === 0) return {};
  const rows = await db.all(`SELECT id, name, ql, version FROM meta.saved_queries WHERE deleted_at IS NULL AND id IN (${ids.map((_, i) => `$${i + 1}`).join(', ')})`, ids);
  const byId = new Map(rows.map((r) => [String(r.id), { name: String(r.name), ql: String(r.ql), version: Number(r.version) }]));
  return Object.fromEntries(panels.map((p) => [p.id, byId.get(p.queryId) ?? null]));
}

/**
 * An editor may put on a dashboard only queries they can see themselves (team queries, or their
 * own private ones): the dashboard then shows that query's results to everyone who opens it.
 */
async function checkPanelQueries(tx: MetaTx, user: SessionUser, panels: readonly Panel[], allowed: ReadonlySet<string>): Promise<void> {
  const ids = [...new Set(panels.map((p) => p.queryId))].filter((id) => !allowed.has(id));
  if (ids.length === 0) return;
  const rows = await tx.all(
    `SELECT id FROM meta.saved_queries WHERE deleted_at IS NULL AND (visibility = 'team' OR owner_id = $1) AND id IN (${ids.map((_, i) => `$${i + 2}`).join(', ')})`,
    [user.id, ...ids],
  );
  const found = new Set(rows.map((r) => String(r.id)));
  const missing = ids.find((id) => !found.has(id));
  if (missing) throw new ServiceError(400, `a panel uses a saved query you cannot see (${missing}); pick one from the library`);
}

async function toDashboard(db: MetaDb | MetaTx, r: Row, user: SessionUser): Promise<Dashboard> {
  const data = parseData(r);
  return {
    id: String(r.id),
    ...data,
    ownerEmail: r.owner_email === null ? '(deleted user)' : String(r.owner_email),
    version: Number(r.version),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    queries: await panelQueries(db, data.panels),
    canEdit: mayEdit(user),
    canDelete: mayDelete(user, String(r.owner_id)),
  };
}

export async function listDashboards(db: MetaDb): Promise<DashboardSummary[]> {
  const rows = await db.all(`${SELECT} WHERE d.deleted_at IS NULL ORDER BY lower(d.name)`);
  return rows.map((r) => ({
    id: String(r.id),
    name: String(r.name),
    description: String(r.description),
    panels: (JSON.parse(String(r.panels)) as unknown[]).length,
    ownerEmail: r.owner_email === null ? '(deleted user)' : String(r.owner_email),
    updatedAt: Number(r.updated_at),
  }));
}

export async function getDashboard(db: MetaDb, user: SessionUser, id: string): Promise<Dashboard> {
  const r = await db.one(`${SELECT} WHERE d.id = $1 AND d.deleted_at IS NULL`, [id]);
  if (!r) throw new ServiceError(404, 'no such dashboard (it may have been deleted)');
  return toDashboard(db, r, user);
}

export async function createDashboard(db: MetaDb, user: SessionUser, input: unknown): Promise<Dashboard> {
  checkMayEdit(user);
  const data = dashboardInput.parse(input);
  const id = randomUUID();
  const now = BigInt(Date.now());
  await db.transaction(async (tx) => {
    await checkPanelQueries(tx, user, data.panels, new Set());
    await tx.run(
      'INSERT INTO meta.dashboards (id, name, description, range, refresh_seconds, panels, owner_id, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $8)',
      [id, data.name, data.description, data.range, data.refreshSeconds, JSON.stringify(data.panels), user.id, now],
    );
    await audit(tx, user, 'dashboard.create', 'dashboard', id, { name: data.name, panels: data.panels.length });
  });
  return getDashboard(db, user, id);
}

/** Saves the whole dashboard; 409 when someone saved since `baseVersion`, as for saved queries. */
export async function updateDashboard(db: MetaDb, user: SessionUser, id: string, input: unknown, baseVersion: number): Promise<Dashboard> {
  checkMayEdit(user);
  const data = dashboardInput.parse(input);
  await db.transaction(async (tx) => {
    const [row] = await tx.all('SELECT version, panels FROM meta.dashboards WHERE id = $1 AND deleted_at IS NULL', [id]);
    if (!row) throw new ServiceError(404, 'no such dashboard (it may have been deleted)');
    const version = Number(row.version);
    if (version !== baseVersion) throw new ServiceError(409, `someone saved this dashboard (version ${version}) while you were editing version ${baseVersion}; reload to see their change, then reapply yours`, { currentVersion: version });
    // Queries already on the dashboard stay allowed: a teammate may rearrange panels they could not add.
    const existing = new Set((JSON.parse(String(row.panels)) as Panel[]).map((p) => p.queryId));
    await checkPanelQueries(tx, user, data.panels, existing);
    await tx.run('UPDATE meta.dashboards SET name = $1, description = $2, range = $3, refresh_seconds = $4, panels = $5, version = $6, updated_at = $7 WHERE id = $8', [
      data.name, data.description, data.range, data.refreshSeconds, JSON.stringify(data.panels), version + 1, BigInt(Date.now()), id,
    ]);
    await audit(tx, user, 'dashboard.update', 'dashboard', id, { version: version + 1, name: data.name, panels: data.panels.length });
  });
  return getDashboard(db, user, id);
}

export async function deleteDashboard(db: MetaDb, user: SessionUser, id: string): Promise<void> {
  const r = await db.one('SELECT owner_id, name FROM meta.dashboards WHERE id = $1 AND deleted_at IS NULL', [id]);
  if (!r) throw new ServiceError(404, 'no such dashboard');
  if (!mayDelete(user, String(r.owner_id))) throw new ServiceError(403, 'only its owner or an admin deletes a dashboard');
  await db.transaction(async (tx) => {
    await tx.run('UPDATE meta.dashboards SET deleted_at = $1 WHERE id = $2', [BigInt(Date.now()), id]);
    await audit(tx, user, 'dashboard.delete', 'dashboard', id, { name: String(r.name) });
  });
}

export const addPanelInput = z.object({
  title: z.string().trim().min(1, 'give the panel a title').max(120),
  ql: z.string().min(1).max(10_000),
  viz: panelSchema.shape.viz,
  width: panelSchema.shape.width,
  unit: panelSchema.shape.unit,
  /** The dashboard version the editor saw; when given, a later save by someone else is a 409. */
  version: z.number().int().min(1).optional(),
});

/**
 * "Add to dashboard" from Explore: the query is saved as the user's private query (folder
 * Dashboards) and appended as a panel, so the library keeps its history like any other query.
 * One transaction: a refusal (a stale `version`, a full dashboard) leaves no query behind, and a
 * retry reuses the title instead of making "Title (2)".
 */
export async function addPanelFromQuery(db: MetaDb, user: SessionUser, dashboardId: string, input: unknown): Promise<Dashboard> {
  checkMayEdit(user);
  const data = addPanelInput.parse(input);
  await db.transaction(async (tx) => {
    const [row] = await tx.all('SELECT * FROM meta.dashboards WHERE id = $1 AND deleted_at IS NULL', [dashboardId]);
    if (!row) throw new ServiceError(404, 'no such dashboard (it may have been deleted)');
    const version = Number(row.version);
    if (data.version !== undefined && data.version !== version) {
      throw new ServiceError(409, `someone saved this dashboard (version ${version}) since you loaded version ${data.version}; reload it, then add the panel again`, { currentVersion: version });
    }
    const dashboard = parseData(row);
    const name = await freePrivateName(tx, user, data.title);
    const queryId = await insertSavedQuery(tx, user, { name, ql: data.ql, folder: 'Dashboards', description: `Panel on the dashboard "${dashboard.name}".`, visibility: 'private' });
    const panel: Panel = panelSchema.parse({ id: randomUUID().slice(0, 8), title: data.title, queryId, viz: data.viz, width: data.width, unit: data.unit });
    const { panels } = dashboardInput.parse({ ...dashboard, panels: [...dashboard.panels, panel] });
    await tx.run('UPDATE meta.dashboards SET panels = $1, version = $2, updated_at = $3 WHERE id = $4', [JSON.stringify(panels), version + 1, BigInt(Date.now()), dashboardId]);
    await audit(tx, user, 'dashboard.update', 'dashboard', dashboardId, { version: version + 1, name: dashboard.name, panels: panels.length, added: panel.id });
  });
  return getDashboard(db, user, dashboardId);
}

/** The query behind one panel, for running it: visible through the dashboard to everyone who sees it. */
export async function panelQuery(db: MetaDb, user: SessionUser, dashboardId: string, panelId: string): Promise<{ panel: Panel; query: PanelQuery; dashboardRange: string }> {
  const dashboard = await getDashboard(db, user, dashboardId);
  const panel = dashboard.panels.find((p) => p.id === panelId);
  if (!panel) throw new ServiceError(404, 'no such panel on this dashboard (someone may have removed it; reload)');
  const query = dashboard.queries[panel.id];
  if (!query) throw new ServiceError(404, `the saved query behind "${panel.title}" was deleted; edit the panel to pick another`);
  return { panel, query, dashboardRange: dashboard.range };
}
