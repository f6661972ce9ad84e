// Creating, editing, snoozing and deleting alert rules (admins only; the routes check the role).
// Every change is validated here, audited in the same transaction, and handed to the engine.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ruleInput, type RuleConfig } from '@/lib/alerts/rules';
import { checkMeasure, queryShape } from '@/lib/alerts/threshold';
import { checkWebhookUrl, type WebhookPolicy } from '@/lib/alerts/webhook-url';
import { parse } from '@/lib/query';
import { compileFilterQuery } from '@/lib/query/predicate';
import type { SessionUser } from '../auth/current-user';
import { audit } from '../meta/audit';
import type { MetaDb } from '../meta/db';
import { ServiceError } from '../meta/errors';
import { deleteGroups, findRule, INSERT_RULE, listRules, ruleParams, savedQueryForRule, UPDATE_RULE } from './store';
import type { AlertRule } from './types';

export interface RuleDeps {
  meta: MetaDb;
  policy: WebhookPolicy;
  /** Tells the engine the rules changed. */
  reload: () => Promise<void>;
}

async function validate(deps: RuleDeps, input: unknown, existing: AlertRule | null): Promise<{ config: RuleConfig; webhookUrl: string }> {
  const config = ruleInput.parse(input);
  if (existing && existing.kind !== config.kind) throw new ServiceError(400, `a ${existing.kind} rule cannot become a ${config.kind} rule; create a new rule instead`);
  const typed = config.webhookUrl?.trim();
  if (!typed && !existing) throw new ServiceError(400, 'webhookUrl: enter the Slack incoming-webhook URL the alerts go to');
  let webhookUrl = existing?.webhookUrl ?? '';
  if (typed) {
    const checked = checkWebhookUrl(typed, deps.policy);
    if (!checked.ok) throw new ServiceError(400, `webhookUrl: ${checked.error}`);
    webhookUrl = checked.url;
  }
  if (config.kind === 'fingerprint') {
    const f = compileFilterQuery(config.filter);
    if (!f.ok) throw new ServiceError(400, `filter: ${f.error.message} (line ${f.error.line}, column ${f.error.column})`, { field: 'filter', line: f.error.line, column: f.error.column });
  }
  if (config.kind === 'threshold') {
    const saved = await savedQueryForRule(deps.meta, config.savedQueryId);
    if (!saved) throw new ServiceError(400, 'savedQueryId: no such saved query; pick one from the library');
    if (saved.visibility !== 'team') throw new ServiceError(400, `"${saved.name}" is private: alerts run team queries, so share it with the team first`);
    const parsed = parse(saved.ql);
    if (!parsed.ok) throw new ServiceError(400, `the saved query does not parse: ${parsed.error.message}`);
    const problem = checkMeasure(queryShape(parsed.query), config);
    if (problem) throw new ServiceError(400, problem);
  }
  return { config, webhookUrl };
}

function toRule(id: string, config: RuleConfig, webhookUrl: string, base: { createdBy: string | null; createdAt: number; snoozedUntil: number | null }): AlertRule {
  const { webhookUrl: _typed, ...rest } = config;
  return { ...rest, id, webhookUrl, ...base, updatedAt: Date.now() } as AlertRule;
}

async function checkUniqueName(meta: MetaDb, name: string, exceptId: string | null): Promise<void> {
  const clash = (await listRules(meta)).find((r) => r.name.toLowerCase() === name.toLowerCase() && r.id !== exceptId);
  if (clash) throw new ServiceError(409, `a rule named "${clash.name}" already exists; pick another name`);
}

export async function createRule(deps: RuleDeps, user: SessionUser, input: unknown): Promise<AlertRule> {
  const { config, webhookUrl } = await validate(deps, input, null);
  await checkUniqueName(deps.meta, config.name, null);
  const rule = toRule(randomUUID(), config, webhookUrl, { createdBy: user.email, createdAt: Date.now(), snoozedUntil: null });
  await deps.meta.transaction(async (tx) => {
    await tx.run(INSERT_RULE, ruleParams(rule));
    await audit(tx, user, 'alert_rule.create', 'alert_rule', rule.id, { name: rule.name, kind: rule.kind });
  });
  await deps.reload();
  return rule;
}

export async function getRule(meta: MetaDb, id: string): Promise<AlertRule> {
  const rule = await findRule(meta, id);
  if (!rule) throw new ServiceError(404, 'no such alert rule (it may have been deleted)');
  return rule;
}

export async function updateRule(deps: RuleDeps, user: SessionUser, id: string, input: unknown): Promise<AlertRule> {
  const existing = await getRule(deps.meta, id);
  const { config, webhookUrl } = await validate(deps, input, existing);
  await checkUniqueName(deps.meta, config.name, id);
  // Only what an edit keeps: passing `existing` whole would put its old config back over the new one.
  const rule = toRule(id, config, webhookUrl, { createdBy: existing.createdBy, createdAt: existing.createdAt, snoozedUntil: existing.snoozedUntil });
  await deps.meta.transaction(async (tx) => {
    await tx.run(UPDATE_RULE, ruleParams(rule));
    await audit(tx, user, 'alert_rule.update', 'alert_rule', id, { name: rule.name, webhookChanged: webhookUrl !== existing.webhookUrl });
  });
  await deps.reload();
  return rule;
}

export async function deleteRule(deps: RuleDeps, user: SessionUser, id: string): Promise<void> {
  const existing = await getRule(deps.meta, id);
  await deps.meta.transaction(async (tx) => {
    await tx.run('UPDATE meta.alert_rules SET deleted_at = $2 WHERE id = $1', [id, BigInt(Date.now())]);
    await audit(tx, user, 'alert_rule.delete', 'alert_rule', id, { name: existing.name });
  });
  await deps.reload();
  await deleteGroups(deps.meta, id);
}

export const snoozeInput = z.object({
  /** Epoch ms; null ends the snooze. */
  until: z.number().int().min(0).max(8.64e15).nullable(),
  /** A group of the rule; omitted: the whole rule. */
  group: z.string().min(1).max(1000).optional(),
});

/** Snoozes the whole rule (stored) or one group (kept with the group's state). */
export async function snoozeRule(deps: RuleDeps & { snoozeGroup: (ruleId: string, key: string, until: number | null) => boolean }, user: SessionUser, id: string, input: unknown): Promise<void> {
  const rule = await getRule(deps.meta, id);
  const { until, group } = snoozeInput.parse(input);
  if (until !== null && until <= Date.now()) throw new ServiceError(400, 'until: pick a time in the future (or null to end the snooze)');
  if (group !== undefined) {
    if (!deps.snoozeGroup(id, group, until)) throw new ServiceError(404, 'this rule has no such group right now (or it is disabled)');
  } else {
    await deps.meta.transaction(async (tx) => {
      await tx.run('UPDATE meta.alert_rules SET snoozed_until = $2 WHERE id = $1', [id, until === null ? null : BigInt(until)]);
      await audit(tx, user, until === null ? 'alert_rule.unsnooze' : 'alert_rule.snooze', 'alert_rule', id, { name: rule.name, until });
    });
    await deps.reload();
  }
}
