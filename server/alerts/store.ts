// Alert rules, group state and the delivery history in the meta schema. Group state is written
// behind (the engine batches changes every few seconds), so ingest never waits on it.
import { randomUUID } from 'node:crypto';
import type { MetaDb } from '../meta/db';
import type { AlertRule, DeliveryView, MessageKind } from './types';

const RULE_COLUMNS = 'id, name, kind, enabled, config, webhook_url, snoozed_until, created_by, created_at, updated_at';

function toRule(r: Record<string, unknown>): AlertRule {
  const config = JSON.parse(String(r.config)) as Record<string, unknown>;
  return {
    ...config,
    id: String(r.id),
    name: String(r.name),
    kind: String(r.kind),
    enabled: r.enabled === true,
    webhookUrl: String(r.webhook_url),
    snoozedUntil: r.snoozed_until === null ? null : Number(r.snoozed_until),
    createdBy: r.created_by === null ? null : String(r.created_by),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  } as AlertRule;
}

/** Everything but the columns of its own goes to `config`. */
function configOf(rule: AlertRule): string {
  const { id: _id, name: _n, kind: _k, enabled: _e, webhookUrl: _w, snoozedUntil: _s, createdBy: _c, createdAt: _ca, updatedAt: _u, ...config } = rule;
  return JSON.stringify(config);
}

export async function listRules(db: MetaDb): Promise<AlertRule[]> {
  return (await db.all(`SELECT ${RULE_COLUMNS} FROM meta.alert_rules WHERE deleted_at IS NULL ORDER BY lower(name)`)).map(toRule);
}

export async function findRule(db: MetaDb, id: string): Promise<AlertRule | null> {
  const r = await db.one(`SELECT ${RULE_COLUMNS} FROM meta.alert_rules WHERE id = $1 AND deleted_at IS NULL`, [id]);
  return r ? toRule(r) : null;
}

export function ruleParams(rule: AlertRule): (string | boolean | bigint | null)[] {
  return [rule.id, rule.name, rule.kind, rule.enabled, configOf(rule), rule.webhookUrl, rule.snoozedUntil === null ? null : BigInt(rule.snoozedUntil), rule.createdBy, BigInt(rule.createdAt), BigInt(rule.updatedAt)];
}

export const INSERT_RULE = `INSERT INTO meta.alert_rules (${RULE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`;
export const UPDATE_RULE = 'UPDATE meta.alert_rules SET name = $2, kind = $3, enabled = $4, config = $5, webhook_url = $6, snoozed_until = $7, created_by = $8, created_at = $9, updated_at = $10 WHERE id = $1';

export interface StoredGroup {
  key: string;
  state: string;
  data: Record<string, unknown>;
}

export async function loadGroups(db: MetaDb, ruleId: string): Promise<StoredGroup[]> {
  const rows = await db.all('SELECT group_key, state, data FROM meta.alert_groups WHERE rule_id = $1', [ruleId]);
  return rows.map((r) => ({ key: String(r.group_key), state: String(r.state), data: JSON.parse(String(r.data)) as Record<string, unknown> }));
}

/** One transaction for every group that changed since the last save. */
export async function saveGroups(db: MetaDb, changes: { ruleId: string; groups: StoredGroup[]; removed: string[] }[]): Promise<void> {
  if (changes.every((c) => c.groups.length === 0 && c.removed.length === 0)) return;
  const now = BigInt(Date.now());
  await db.transaction(async (tx) => {
    for (const c of changes) {
      for (const key of c.removed) await tx.run('DELETE FROM meta.alert_groups WHERE rule_id = $1 AND group_key = $2', [c.ruleId, key]);
      for (const g of c.groups) {
        await tx.run('INSERT OR REPLACE INTO meta.alert_groups (rule_id, group_key, state, data, updated_at) VALUES ($1, $2, $3, $4, $5)', [c.ruleId, g.key, g.state, JSON.stringify(g.data), now]);
      }
    }
  });
}

export async function deleteGroups(db: MetaDb, ruleId: string): Promise<void> {
  await db.run('DELETE FROM meta.alert_groups WHERE rule_id = $1', [ruleId]);
}

export interface NewDelivery {
  ruleId: string | null;
  ruleName: string;
  kind: MessageKind;
  groupKey: string | null;
  summary: string;
}

export async function startDelivery(db: MetaDb, d: NewDelivery): Promise<string> {
  const id = randomUUID();
  await db.run(
    `INSERT INTO meta.alert_deliveries (id, rule_id, rule_name, kind, group_key, summary, status, attempts, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'sending', 0, $7)`,
    [id, d.ruleId, d.ruleName, d.kind, d.groupKey, d.summary.slice(0, 500), BigInt(Date.now())],
  );
  return id;
}

export async function finishDelivery(db: MetaDb, id: string, outcome: { ok: boolean; attempts: number; httpStatus: number | null; error: string | null }): Promise<void> {
  await db.run('UPDATE meta.alert_deliveries SET status = $2, attempts = $3, http_status = $4, error = $5, finished_at = $6 WHERE id = $1', [
    id, outcome.ok ? 'sent' : 'failed', outcome.attempts, outcome.httpStatus, outcome.error?.slice(0, 1000) ?? null, BigInt(Date.now()),
  ]);
}

export async function listDeliveries(db: MetaDb, options: { ruleId?: string; limit: number }): Promise<DeliveryView[]> {
  const limit = Math.max(1, Math.min(1000, Math.floor(options.limit)));
  const rows = await db.all(
    `SELECT * FROM meta.alert_deliveries ${options.ruleId ? 'WHERE rule_id = $1' : ''} ORDER BY created_at DESC LIMIT ${limit}`,
    options.ruleId ? [options.ruleId] : [],
  );
  return rows.map((r) => ({
    id: String(r.id),
    ruleId: r.rule_id === null ? null : String(r.rule_id),
    ruleName: String(r.rule_name),
    kind: String(r.kind) as MessageKind,
    groupKey: r.group_key === null ? null : String(r.group_key),
    summary: String(r.summary),
    status: String(r.status) as DeliveryView['status'],
    attempts: Number(r.attempts),
    httpStatus: r.http_status === null ? null : Number(r.http_status),
    error: r.error === null ? null : String(r.error),
    createdAt: Number(r.created_at),
    finishedAt: r.finished_at === null ? null : Number(r.finished_at),
  }));
}

/** A saved query as a threshold rule reads it: no visibility check (the rule runs for the team). */
export async function savedQueryForRule(db: MetaDb, id: string): Promise<{ name: string; ql: string; visibility: string } | null> {
  const r = await db.one('SELECT name, ql, visibility FROM meta.saved_queries WHERE id = $1 AND deleted_at IS NULL', [id]);
  return r ? { name: String(r.name), ql: String(r.ql), visibility: String(r.visibility) } : null;
}
